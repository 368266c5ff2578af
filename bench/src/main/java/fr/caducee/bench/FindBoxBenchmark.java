package fr.caducee.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.github.benmanes.caffeine.cache.Ticker;
import com.unboundid.ldap.sdk.Entry;

import fr.caducee.directory.ldap.CaduceeSchema;
import fr.caducee.directory.ldap.DirectorySkeleton;
import fr.caducee.directory.ldap.LdapDirectoryStore;
import fr.caducee.domain.directory.CachedDirectory;
import fr.caducee.domain.directory.PasswordScheme;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.ldapengine.EmbeddedLdapConfig;
import fr.caducee.ldapengine.EmbeddedLdapServer;

/**
 * Latency of {@link CachedDirectory#findBox}, the read behind every RCPT and every login, wired as the server wires
 * it: the cache (server defaults: 30 s freshness, 2,000,000 entries, two refresh threads) over an
 * {@link LdapDirectoryStore} used in-process on the embedded directory, which holds {@code boxes} PER boxes.
 *
 * <ul>
 *   <li>{@code warm}: a random address among {@code warmSet} addresses all read once before the measurement;</li>
 *   <li>{@code cold}: each call an address never read since the iteration began (the cache is emptied at the start
 *       of each iteration, addresses taken in a shuffled order), so every call is an LDAP search. Iterations
 *       last 1 s so that they need fewer addresses than the directory holds (a warning says otherwise).</li>
 * </ul>
 *
 * <p>Loading a million boxes through the journal takes minutes: with {@code -p folder=DIR} the directory is kept in
 * DIR (journal, compacted into a snapshot in the background) so that the next fork, or the next run, only
 * reloads it.
 *
 * <pre>
 *   java -Xmx8g -cp "bench/target/caducee-bench.jar:bench/target/lib/*" org.openjdk.jmh.Main FindBoxBenchmark \
 *       -p boxes=1000000 -p folder=/tmp/findbox-1m
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g"})
public class FindBoxBenchmark {

    static final String DOMAIN = "bench.caducee.localhost";

    /** The directory and the addresses it holds, shared by all benchmark threads. */
    @State(Scope.Benchmark)
    public static class Directory {
        @Param("1000000")
        public int boxes;

        /** Addresses read before the warm measurement, and drawn from by it. */
        @Param("100000")
        public int warmSet;

        /** Where the directory is kept between forks and runs; empty: a temporary folder, deleted afterwards. */
        @Param("")
        public String folder;

        EmbeddedLdapServer server;
        LdapDirectoryStore store;
        ExecutorService refresh;
        Path data;
        boolean temporary;

        @Setup(Level.Trial)
        public void open() throws Exception {
            temporary = folder.isEmpty();
            data = temporary ? Files.createTempDirectory("findbox-") : Path.of(folder);
            Files.createDirectories(data);
            long started = System.nanoTime();
            server = EmbeddedLdapServer.start(CaduceeSchema.tree(), EmbeddedLdapConfig.defaults(data).withListener("127.0.0.1", 0));
            System.out.printf(Locale.ROOT, "%n[directory] %d entries loaded from %s in %.1f s%n", server.entryCount(),
                data, (System.nanoTime() - started) / 1e9);
            if (server.entryCount() < boxes + DirectorySkeleton.CONTAINERS.size() + 1) {
                fill();
            }
            store = new LdapDirectoryStore(server.directory(), server.baseDn(), "embedded directory");
            refresh = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "directory-cache-refresh");
                thread.setDaemon(true);
                return thread;
            });
        }

        private void fill() throws Exception {
            String container = DirectorySkeleton.container(server.baseDn(), DirectorySkeleton.BOXES);
            AtomicInteger next = new AtomicInteger();
            // Adds through the journal: more writers than cores so that group commits fill up.
            List<Thread> writers = new ArrayList<>();
            List<Exception> failures = new ArrayList<>();
            long started = System.nanoTime();
            for (int w = 0; w < 8; w++) {
                Thread writer = new Thread(() -> {
                    try {
                        for (int n = next.getAndIncrement(); n < boxes; n = next.getAndIncrement()) {
                            if (server.directory().getEntry("mail=" + address(n) + "," + container) == null) {
                                server.directory().add(box(container, n));
                            }
                        }
                    } catch (Exception e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                });
                writer.start();
                writers.add(writer);
            }
            for (Thread writer : writers) {
                writer.join();
            }
            if (!failures.isEmpty()) {
                throw failures.get(0);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "[directory] filled up to %d boxes in %.1f s%n", boxes, seconds);
        }

        CachedDirectory cachedDirectory() {
            return new CachedDirectory(store, domain -> true, NO_PASSWORDS,
                new CachedDirectory.CacheSettings(Duration.ofSeconds(30), 2_000_000), refresh, Ticker.systemTicker());
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            refresh.shutdownNow();
            store.close();
            server.close();
            if (temporary) {
                try (Stream<Path> files = Files.walk(data)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        }
    }

    /** A cache holding {@code warmSet} boxes, and random picks among them. */
    @State(Scope.Benchmark)
    public static class Warm {
        CachedDirectory cache;
        BoxAddress[] addresses;

        @Setup(Level.Trial)
        public void warm(Directory directory) {
            cache = directory.cachedDirectory();
            SplittableRandom random = new SplittableRandom(7);
            addresses = new BoxAddress[directory.warmSet];
            for (int i = 0; i < addresses.length; i++) {
                addresses[i] = BoxAddress.parse(address(random.nextInt(directory.boxes)));
                if (cache.findBox(addresses[i]).isEmpty()) {
                    throw new IllegalStateException("box " + addresses[i] + " is not in the directory");
                }
            }
        }
    }

    /** A cache emptied at each iteration, and every box in a shuffled order, each read once. */
    @State(Scope.Benchmark)
    public static class Cold {
        CachedDirectory cache;
        BoxAddress[] addresses;
        final AtomicInteger next = new AtomicInteger();

        @Setup(Level.Trial)
        public void prepare(Directory directory) {
            cache = directory.cachedDirectory();
            addresses = new BoxAddress[directory.boxes];
            for (int i = 0; i < addresses.length; i++) {
                addresses[i] = BoxAddress.parse(address(i));
            }
            SplittableRandom random = new SplittableRandom(11);
            for (int i = addresses.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                BoxAddress swap = addresses[i];
                addresses[i] = addresses[j];
                addresses[j] = swap;
            }
        }

        @Setup(Level.Iteration)
        public void empty() {
            cache.forgetAll();
            next.set(0);
        }

        @TearDown(Level.Iteration)
        public void check() {
            if (next.get() > addresses.length) {
                System.out.printf(Locale.ROOT, "%n[cold] WARNING: %d lookups for %d boxes, the excess were cache hits:"
                    + " use more boxes or shorter iterations%n", next.get(), addresses.length);
            }
        }
    }

    /** Per-thread random source for the warm picks. */
    @State(Scope.Thread)
    public static class Picks {
        final SplittableRandom random = new SplittableRandom(Thread.currentThread().getId());
    }

    @Benchmark
    public Optional<Box> warm(Warm warm, Picks picks) {
        return warm.cache.findBox(warm.addresses[picks.random.nextInt(warm.addresses.length)]);
    }

    /** Iterations of 1 s: fewer lookups than boxes, so that none of them is a cache hit. */
    @Benchmark
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 10, time = 1)
    public Optional<Box> cold(Cold cold) {
        // Beyond the last box (a very long iteration) the addresses come round again: then cached, and counted so.
        return cold.cache.findBox(cold.addresses[Math.floorMod(cold.next.getAndIncrement(), cold.addresses.length)]);
    }

    static String address(int n) {
        return String.format(Locale.ROOT, "box.%07d@%s", n, DOMAIN);
    }

    static Entry box(String container, int n) {
        Entry entry = new Entry("mail=" + address(n) + "," + container);
        entry.addAttribute("objectClass", "top", "cadBox");
        entry.addAttribute("mail", address(n));
        entry.addAttribute("cadBoxType", "PER");
        entry.addAttribute("cadStatus", "active");
        entry.addAttribute("cadCreated", "20240101120000Z");
        entry.addAttribute("cadIdNat", holder(n % 900_000));
        entry.addAttribute("cadListeRouge", "FALSE");
        return entry;
    }

    /** A valid idNat (8 + RPPS with its Luhn key): the store drops boxes whose holder is malformed. */
    static String holder(int n) {
        String payload = String.format(Locale.ROOT, "1%09d", n);
        for (int key = 0; key < 10; key++) {
            try {
                return IdNat.rpps(payload + key).value();
            } catch (InvalidIdentifierException e) {
                // not this key
            }
        }
        throw new IllegalStateException("no Luhn key for " + payload);
    }

    private static final PasswordScheme NO_PASSWORDS = new PasswordScheme() {
        @Override
        public String hash(String password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean verify(String password, String storedHash) {
            return false;
        }
    };
}
