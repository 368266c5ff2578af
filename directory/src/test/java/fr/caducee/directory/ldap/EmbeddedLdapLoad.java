package fr.caducee.directory.ldap;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import com.unboundid.ldap.sdk.Entry;

import fr.caducee.ldapengine.EmbeddedLdapConfig;
import fr.caducee.ldapengine.EmbeddedLdapServer;
import fr.caducee.ldapengine.TestEntries;

/**
 * Measures the embedded directory by hand (not a test): write throughput with the journal, heap, start time.
 *
 * <pre>
 *   java -Xmx12g -cp directory/target/test-classes:directory/target/classes:$(cat runtime-classpath) \
 *       fr.caducee.directory.ldap.EmbeddedLdapLoad adds    DATA COUNT WRITERS
 *   ... EmbeddedLdapLoad load    DATA BOXES PROFESSIONALS WRITERS   (then writes a snapshot)
 *   ... EmbeddedLdapLoad store   DATA COUNT WRITERS                 (COUNT professionals then COUNT boxes
 *                                                                    through LdapDirectoryStore, as an import)
 *   ... EmbeddedLdapLoad start   DATA [BOXES]                       (start time, heap after a full GC, and
 *                                                                    base-scope read latency over BOXES boxes)
 * </pre>
 */
public final class EmbeddedLdapLoad {

    private EmbeddedLdapLoad() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[1]);
        EmbeddedLdapConfig config = EmbeddedLdapConfig.defaults(data).withListener("127.0.0.1", 0);
        switch (args[0]) {
            case "adds" -> {
                try (EmbeddedLdapServer server = EmbeddedLdapServer.start(CaduceeSchema.tree(), config)) {
                    add(server, "cadBox", Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                            n -> TestEntries.box(server.baseDn(), n));
                }
            }
            case "load" -> {
                try (EmbeddedLdapServer server = EmbeddedLdapServer.start(CaduceeSchema.tree(), config)) {
                    int writers = Integer.parseInt(args[4]);
                    add(server, "cadBox", Integer.parseInt(args[2]), writers, n -> TestEntries.box(server.baseDn(), n));
                    add(server, "cadProfessional", Integer.parseInt(args[3]), writers,
                            n -> TestEntries.professional(server.baseDn(), n));
                    long started = System.nanoTime();
                    server.compact();
                    System.out.printf(Locale.ROOT, "snapshot of %d entries: %.1f s%n", server.entryCount(),
                            (System.nanoTime() - started) / 1e9);
                    heap();
                }
            }
            case "start" -> {
                long started = System.nanoTime();
                try (EmbeddedLdapServer server = EmbeddedLdapServer.start(CaduceeSchema.tree(), config)) {
                    System.out.printf(Locale.ROOT, "start with %d entries: %.1f s%n", server.entryCount(),
                            (System.nanoTime() - started) / 1e9);
                    heap();
                    if (args.length > 2) {
                        reads(server, Integer.parseInt(args[2]));
                    }
                }
            }
            case "store" -> {
                try (EmbeddedLdapServer server = EmbeddedLdapServer.start(CaduceeSchema.tree(), config)) {
                    LdapDirectoryStore store = new LdapDirectoryStore(server.directory(), server.baseDn());
                    int count = Integer.parseInt(args[2]);
                    int writers = Integer.parseInt(args[3]);
                    run("putProfessional", count, writers, n -> store.putProfessional(Fixtures.professional(n)));
                    run("putBox", count, writers, n -> store.putBox(Fixtures.per(
                            String.format(Locale.ROOT, "box.%07d@chu.example", n), Fixtures.idNat(n))));
                    heap();
                }
            }
            default -> throw new IllegalArgumentException("adds, load, store or start");
        }
    }

    private static void add(EmbeddedLdapServer server, String what, int count, int writers,
                            IntFunction<Entry> entry) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int w = 0; w < writers; w++) {
            Thread thread = new Thread(() -> {
                for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
                    try {
                        server.directory().add(entry.apply(n));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "%d %s adds with %d writers: %.1f s, %.0f adds/s%n", count, what, writers,
                seconds, count / seconds);
    }

    private static void run(String what, int count, int writers, java.util.function.IntConsumer operation)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int w = 0; w < writers; w++) {
            Thread thread = new Thread(() -> {
                for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
                    operation.accept(n);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "%d %s with %d writers: %.1f s, %.0f/s%n", count, what, writers, seconds,
                count / seconds);
    }

    /** Base-scope reads of random boxes, all attributes: a warm-up round, then the measured one. */
    private static void reads(EmbeddedLdapServer server, int boxes) throws Exception {
        java.util.Random random = new java.util.Random(1);
        int rounds = 200_000;
        for (int round = 0; round < 2; round++) {
            long started = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                if (server.directory().getEntry(TestEntries.boxDn(server.baseDn(), random.nextInt(boxes))) == null) {
                    throw new IllegalStateException("box missing");
                }
            }
            System.out.printf(Locale.ROOT, "%s: %d base-scope reads, %.1f us each%n", round == 0 ? "warm-up" : "measured",
                    rounds, (System.nanoTime() - started) / 1e3 / rounds);
        }
    }

    private static void heap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf(Locale.ROOT, "heap used after GC: %.0f MiB%n", used / 1024.0 / 1024.0);
    }
}
