package fr.caducee.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import fr.caducee.testkit.OidcProvider;

/**
 * A Pro Santé Connect-like provider for the login benchmark ({@code scripts/bench-logins}): testkit's
 * {@link OidcProvider} on a free loopback port, its issuer written to a file for the server's
 * {@code caducee.psc.issuer}, one access token minted for each account (RS256, PSC's claims, {@code azp}
 * {@link OidcProvider#CLIENT}), living long enough for the whole benchmark. It then serves its keys until stopped
 * (SIGTERM), and prints how many times they were fetched: once, when the server keeps them.
 *
 * <pre>
 *   java -cp "bench/target/caducee-bench.jar:bench/target/lib/*" fr.caducee.bench.BenchOidcProvider \
 *       --accounts ADDRESS_IDNAT.txt --tokens ADDRESS_TOKEN.txt --issuer ISSUER.txt [--minutes 60]
 * </pre>
 */
public final class BenchOidcProvider {
    static final String USAGE = "usage: BenchOidcProvider --accounts FILE (address idNat) --tokens OUT --issuer OUT"
        + " [--minutes 60]";

    private BenchOidcProvider() {
    }

    public static void main(String[] args) throws Exception {
        Path accounts = null;
        Path tokens = null;
        Path issuer = null;
        int minutes = 60;
        try {
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                switch (args[i]) {
                    case "--accounts" -> accounts = Path.of(args[i + 1]);
                    case "--tokens" -> tokens = Path.of(args[i + 1]);
                    case "--issuer" -> issuer = Path.of(args[i + 1]);
                    case "--minutes" -> minutes = Integer.parseInt(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (accounts == null || tokens == null || issuer == null) {
                throw new IllegalArgumentException("--accounts, --tokens and --issuer are required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("BenchOidcProvider: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        OidcProvider provider = OidcProvider.start();
        List<String> minted = new ArrayList<>();
        for (String line : Files.readAllLines(accounts)) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length == 2) {
                minted.add(fields[0] + " " + provider.token(fields[1]).lifetime(Duration.ofMinutes(minutes)).mint());
            }
        }
        Files.write(tokens, minted, StandardCharsets.UTF_8);
        // The issuer last: the script waits for this file, and the tokens are ready when it appears.
        Path partial = issuer.resolveSibling(issuer.getFileName() + ".partial");
        Files.writeString(partial, provider.issuer() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(partial, issuer);
        System.out.println("issuer=" + provider.issuer() + " tokens=" + minted.size());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("jwks_fetches=" + provider.jwksFetches() + " introspections="
                + provider.introspections());
            System.out.flush();
            provider.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
