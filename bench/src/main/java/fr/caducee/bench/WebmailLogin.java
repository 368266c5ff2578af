package fr.caducee.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.net.ssl.SSLContext;

import org.jsoup.nodes.Element;

import fr.caducee.testkit.ClientTls;
import fr.caducee.testkit.Totp;

/**
 * Opens webmail sessions through the real login, for the sessions' memory and the load: each patient of
 * {@code --patients} logs in {@code --logins} times, the first time ever by enrolling an authenticator app (the
 * secret read from the page; then ten recovery codes are hashed on the server), later with a code of that app. Each
 * thread keeps one connection from one login to the next (a new cookie each time, as a new browser would have): the
 * server then holds as many sessions as logins, not as many TLS connections. Each session's cookie and form token
 * are appended to {@code --sessions-out} ("address cookie csrf", owner-only), to be used by {@link WebmailLoad} or
 * ended by {@link WebmailLogout}; the apps' secrets and last codes are kept in {@code --factors} ("address secret
 * last-step", owner-only) from one run to the next. A login is outside any timed window; what it took is printed
 * (the password's check and the second factor's, p50 and max). With {@code --browse true}, each session also reads
 * the list and its first conversation, then logs out (the server's pages warmed before its heap is measured). Exits 1
 * if a login failed.
 */
public final class WebmailLogin {
    static final String USAGE = "usage: WebmailLogin --base https://HOST:PORT --ca CA.pem --patients FILE"
        + " --password-file FILE --factors FILE --sessions-out FILE [--logins 1] [--threads 4] [--browse false]";

    private WebmailLogin() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parseOrExit(USAGE, args, new String[] {"base", "ca", "patients", "password-file",
            "factors", "sessions-out", "logins", "threads", "browse"}, "base", "ca", "patients", "password-file",
            "factors", "sessions-out");
        SSLContext tls = ClientTls.trusting(line.path("ca"));
        URI base = URI.create(line.text("base", null));
        List<String> patients = Files.readAllLines(line.path("patients"), StandardCharsets.UTF_8).stream()
            .map(String::strip).filter(address -> !address.isEmpty()).toList();
        String password = Files.readString(line.path("password-file"), StandardCharsets.UTF_8).strip();
        Path factorsFile = line.path("factors");
        Map<String, WebmailClient.Factor> factors = readFactors(factorsFile);
        int logins = line.positive("logins", 1);
        boolean browse = Boolean.parseBoolean(line.text("browse", "false"));

        List<String> sessions = Collections.synchronizedList(new ArrayList<>());
        List<Long> passwordNanos = Collections.synchronizedList(new ArrayList<>());
        List<Long> enrolmentNanos = Collections.synchronizedList(new ArrayList<>());
        List<Long> codeNanos = Collections.synchronizedList(new ArrayList<>());
        Map<String, Object> oneAtATime = new ConcurrentHashMap<>(); // a patient's logins, in turn
        // A connection per thread, kept from one login to the next (each login its own cookie): what is measured is
        // then the sessions, not as many TLS connections and server-side TLS sessions as logins.
        ThreadLocal<HttpClient> connections = ThreadLocal.withInitial(() -> WebmailClient.http(tls, null));
        ExecutorService pool = Executors.newFixedThreadPool(line.positive("threads", 4));
        List<Future<?>> done = new ArrayList<>();
        long start = System.nanoTime();
        // Round by round: every patient's first login, then every patient's second... so that a patient's next code
        // (a later 30-second step) is as little waited for as possible.
        for (int round = 0; round < logins; round++) {
            for (String patient : patients) {
                done.add(pool.submit(() -> {
                    WebmailClient browser = new WebmailClient(connections.get(), base);
                    WebmailClient.Login login;
                    synchronized (oneAtATime.computeIfAbsent(patient, key -> new Object())) {
                        login = browser.logIn(patient, password, factors.get(patient));
                        factors.putIfAbsent(patient, login.factor());
                    }
                    passwordNanos.add(login.passwordNanos());
                    (login.enrolled() ? enrolmentNanos : codeNanos).add(login.factorNanos());
                    if (browse) {
                        browseAndLeave(browser);
                    } else {
                        sessions.add(patient + " " + browser.cookie() + " " + browser.csrf());
                    }
                    return null;
                }));
            }
        }
        int failed = 0;
        for (Future<?> future : done) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (failed++ < 5) {
                    System.err.println("login failed: " + e.getCause());
                }
            }
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        writeFactors(factorsFile, factors);
        appendOwnerOnly(line.path("sessions-out"), sessions);
        System.out.printf(Locale.ROOT, "logins=%d failed=%d sessions=%d seconds=%.1f password_p50_ms=%s password_max_ms=%s"
                + " enrolment_p50_ms=%s enrolment_max_ms=%s code_p50_ms=%s code_max_ms=%s%n", done.size(), failed,
            sessions.size(), seconds, p50(passwordNanos), max(passwordNanos), p50(enrolmentNanos), max(enrolmentNanos),
            p50(codeNanos), max(codeNanos));
        System.exit(failed == 0 ? 0 : 1);
    }

    private static void browseAndLeave(WebmailClient browser) throws IOException, InterruptedException {
        WebmailClient.Answer list = WebmailClient.expect(browser.get("/conversations"), 200, "the list");
        Element first = WebmailClient.parse(list).selectFirst("a[href^=\"/conversations/\"]");
        if (first != null) {
            WebmailClient.expect(browser.get(first.attr("href")), 200, first.attr("href"));
        }
        WebmailClient.expect(browser.logOut(), 303, "the logout");
    }

    static Map<String, WebmailClient.Factor> readFactors(Path file) throws IOException {
        Map<String, WebmailClient.Factor> factors = new ConcurrentHashMap<>();
        if (Files.exists(file)) {
            for (String entry : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = entry.strip().split(" ");
                if (fields.length == 3) {
                    factors.put(fields[0], new WebmailClient.Factor(Totp.fromBase32(fields[1]), Long.parseLong(fields[2])));
                }
            }
        }
        return factors;
    }

    private static void writeFactors(Path file, Map<String, WebmailClient.Factor> factors) throws IOException {
        List<String> lines = new ArrayList<>();
        factors.forEach((patient, factor) -> lines.add(patient + " " + factor.totp.base32() + " " + factor.lastStep));
        Files.deleteIfExists(file);
        appendOwnerOnly(file, lines);
    }

    /** Appends lines to a file readable by its owner alone (created so, never readable by others in between). */
    static void appendOwnerOnly(Path file, List<String> lines) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static String p50(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "-";
        }
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        return String.format(Locale.ROOT, "%.0f", sorted.get((sorted.size() - 1) / 2) / 1e6);
    }

    private static String max(List<Long> nanos) {
        return nanos.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f", Collections.max(nanos) / 1e6);
    }
}
