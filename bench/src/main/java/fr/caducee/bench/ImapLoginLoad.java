package fr.caducee.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import fr.caducee.testkit.ClientTls;

/**
 * IMAP login load over implicit TLS (IMAPS): C clients log in for S seconds, each login on a new connection
 * (connect, TLS handshake, greeting, {@code LOGIN}, {@code LOGOUT}), as a mail client that polls does. The TLS
 * context is shared, so a client may resume its TLS session as real clients do. The accounts are taken in turn from
 * a file of {@code address password} lines. With {@code --mechanism OAUTHBEARER} the lines are {@code address token}
 * and each login is {@code AUTHENTICATE OAUTHBEARER} with the token (SASL-IR, the address as authorisation identity),
 * as practice software logging in with a Pro Santé Connect token does.
 *
 * <p>The time of each login is split in two: connection (TCP, TLS handshake, greeting) and the {@code LOGIN} (or
 * {@code AUTHENTICATE}) command alone (sent to tagged OK), which is where the directory and the password hash (or the
 * token's checks) are.
 * Ends with one line of key=value pairs for scripts; exits 1 if any login failed.
 *
 * <pre>
 *   java -cp "bench/target/caducee-bench.jar:bench/target/lib/*" fr.caducee.bench.ImapLoginLoad \
 *       --port 993 --ca data/pki/dev-root-ca.pem --accounts accounts.txt [--clients 4] [--seconds 30] \
 *       [--mechanism LOGIN|OAUTHBEARER]
 * </pre>
 */
public final class ImapLoginLoad {
    static final String USAGE = "usage: ImapLoginLoad [--host localhost] --port PORT --ca CA.pem --accounts FILE"
        + " [--clients 4] [--seconds 30] [--mechanism LOGIN|OAUTHBEARER]";

    private ImapLoginLoad() {
    }

    record Account(String address, String secret) {
    }

    public static void main(String[] args) throws Exception {
        String host = "localhost";
        Integer port = null;
        Path ca = null;
        Path accountsFile = null;
        int clients = 4;
        int seconds = 30;
        boolean token = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                switch (args[i]) {
                    case "--host" -> host = value;
                    case "--port" -> port = Integer.parseInt(value);
                    case "--ca" -> ca = Path.of(value);
                    case "--accounts" -> accountsFile = Path.of(value);
                    case "--clients" -> clients = Integer.parseInt(value);
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--mechanism" -> token = switch (value.toUpperCase(Locale.ROOT)) {
                        case "LOGIN" -> false;
                        case "OAUTHBEARER" -> true;
                        default -> throw new IllegalArgumentException("--mechanism is LOGIN or OAUTHBEARER");
                    };
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
            if (port == null || ca == null || accountsFile == null) {
                throw new IllegalArgumentException("--port, --ca and --accounts are required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ImapLoginLoad: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        List<Account> accounts = new ArrayList<>();
        for (String line : Files.readAllLines(accountsFile)) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length == 2) {
                accounts.add(new Account(fields[0], fields[1]));
            }
        }
        if (accounts.isEmpty()) {
            System.err.println("ImapLoginLoad: no account in " + accountsFile);
            System.exit(2);
        }
        System.exit(run(host, port, ClientTls.trusting(ca), accounts, clients, seconds, token) ? 0 : 1);
    }

    static boolean run(String host, int port, SSLContext tls, List<Account> accounts, int clients, int seconds,
                       boolean token) throws Exception {
        int capacity = 2_000_000;
        LatencyRecorder total = new LatencyRecorder(capacity);
        LatencyRecorder connect = new LatencyRecorder(capacity);
        LatencyRecorder login = new LatencyRecorder(capacity);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<String>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                String firstError = null;
                while (System.nanoTime() < end) {
                    Account account = accounts.get(Math.floorMod(next.getAndIncrement(), accounts.size()));
                    try {
                        loginOnce(host, port, tls, account, token, total, connect, login);
                    } catch (IOException | RuntimeException e) {
                        failed.incrementAndGet();
                        if (firstError == null) {
                            firstError = account.address() + ": " + e;
                        }
                    }
                }
                return firstError;
            }));
        }
        for (Future<String> future : futures) {
            String error = future.get();
            if (error != null) {
                System.err.println("client error: " + error);
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        LatencyRecorder.Summary all = total.summary();
        LatencyRecorder.Summary handshake = connect.summary();
        LatencyRecorder.Summary command = login.summary();
        System.out.printf(Locale.ROOT, "%d logins in %.1f s over %d clients: %.1f logins/s, %d failed%n",
            total.count(), elapsed, clients, total.count() / elapsed, failed.get());
        System.out.printf(Locale.ROOT, "mechanism=%s logins=%d failed=%d elapsed_s=%.1f logins_per_s=%.1f p50_ms=%.1f p99_ms=%.1f"
                + " connect_p50_ms=%.1f connect_p99_ms=%.1f login_p50_ms=%.1f login_p99_ms=%.1f%n",
            token ? "OAUTHBEARER" : "LOGIN", total.count(), failed.get(), elapsed, total.count() / elapsed,
            all.p50Millis(), all.p99Millis(),
            handshake.p50Millis(), handshake.p99Millis(), command.p50Millis(), command.p99Millis());
        return failed.get() == 0 && total.count() > 0;
    }

    private static void loginOnce(String host, int port, SSLContext tls, Account account, boolean token,
                                  LatencyRecorder total, LatencyRecorder connect, LatencyRecorder login)
            throws IOException {
        long t0 = System.nanoTime();
        try (ImapConnection connection = ImapConnection.open(host, port, tls, 60_000)) {
            long t1 = System.nanoTime();
            if (token) {
                connection.authenticateOauthBearer(account.address(), account.secret());
            } else {
                connection.login(account.address(), account.secret());
            }
            long t2 = System.nanoTime();
            connection.logout();
            connect.record(t1 - t0);
            login.record(t2 - t1);
            total.record(t2 - t0);
        }
    }
}
