package fr.caducee.directory.ldap;

import static fr.caducee.directory.ldap.Fixtures.address;
import static fr.caducee.directory.ldap.Fixtures.idNat;
import static fr.caducee.directory.ldap.Fixtures.per;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.unboundid.ldap.sdk.DN;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.Professional;

/**
 * Latency and throughput of the store over a connection pool to the in-memory server, with 100,000 boxes.
 * Not part of the build: {@code mvn -pl directory test -Dtest=LdapDirectoryStoreBenchmark -Dcaducee.bench=true}.
 */
@EnabledIfSystemProperty(named = "caducee.bench", matches = "true")
class LdapDirectoryStoreBenchmark {

    static final int BOXES = 100_000;
    static final int HOLDERS = 1_000;
    static final int LOOKUPS = 50_000;
    static final int ADDS = 10_000;

    @Test
    void measure() throws Exception {
        try (TestDirectoryServer server = TestDirectoryServer.start();
             LdapDirectoryStore store = LdapDirectoryStore.connect(server.settings()
                     .withPool(8, java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(30)))) {
            DirectoryTree tree = new DirectoryTree(new DN(TestDirectoryServer.BASE));
            long start = System.nanoTime();
            for (int i = 0; i < HOLDERS; i++) {
                IdNat id = idNat(i);
                server.server().add(ProfessionalEntries.toEntry(tree.professional(id),
                        new Professional(id, "", "Nom", "", "", "", "", "")));
            }
            for (int i = 0; i < BOXES; i++) {
                Box box = per("box" + i + "@chu.example", idNat(i % HOLDERS));
                server.server().add(BoxEntries.toEntry(tree.box(box.address()), box));
            }
            report("load %d boxes in-process: %.1f s", BOXES, seconds(start));

            Random random = new Random(1);
            for (int i = 0; i < 10_000; i++) {
                store.box(address("box" + random.nextInt(BOXES) + "@chu.example"));
            }
            long[] nanos = new long[LOOKUPS];
            start = System.nanoTime();
            for (int i = 0; i < LOOKUPS; i++) {
                BoxAddress a = address("box" + random.nextInt(BOXES) + "@chu.example");
                long t = System.nanoTime();
                Optional<Box> box = store.box(a);
                nanos[i] = System.nanoTime() - t;
                assertThat(box).isPresent();
            }
            double total = seconds(start);
            Arrays.sort(nanos);
            report("box(address), %d random lookups, 1 thread: median %d us, p99 %d us, max %d us, %.0f/s",
                    LOOKUPS, nanos[LOOKUPS / 2] / 1000, nanos[LOOKUPS * 99 / 100] / 1000, nanos[LOOKUPS - 1] / 1000,
                    LOOKUPS / total);

            start = System.nanoTime();
            for (int i = 0; i < ADDS; i++) {
                store.putBox(per("single" + i + "@chu.example", idNat(i % HOLDERS)));
            }
            report("putBox adds, 1 thread: %d in %.1f s, %.0f adds/s", ADDS, seconds(start), ADDS / seconds(start));

            ExecutorService threads = Executors.newFixedThreadPool(4);
            start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < ADDS / 4; i++) {
                        store.putBox(per("t" + thread + "-" + i + "@chu.example", idNat(i % HOLDERS)));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double four = seconds(start);
            threads.shutdown();
            report("putBox adds, 4 threads: %d in %.1f s, %.0f adds/s", ADDS, four, ADDS / four);

            start = System.nanoTime();
            long count = store.countBoxes();
            report("countBoxes = %d: %.2f s", count, seconds(start));

            start = System.nanoTime();
            List<Box> first = store.boxes(Optional.empty(), 100);
            report("boxes(from start, 100), a scan: %.2f s", seconds(start));
            start = System.nanoTime();
            store.boxes(Optional.of(first.get(99).address()), 100);
            report("boxes(after, 100) from the window: %.1f ms", seconds(start) * 1000);
            start = System.nanoTime();
            long walked = 0;
            Optional<BoxAddress> after = Optional.empty();
            for (List<Box> page = store.boxes(after, 1000); !page.isEmpty(); page = store.boxes(after, 1000)) {
                walked += page.size();
                after = Optional.of(page.get(page.size() - 1).address());
            }
            report("walk all %d boxes, 1000 a page: %.1f s", walked, seconds(start));
            start = System.nanoTime();
            List<Box> of = store.boxesOf(idNat(7));
            report("boxesOf (%d boxes): %.1f ms", of.size(), seconds(start) * 1000);
        }
    }

    static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    static void report(String format, Object... args) {
        System.out.println("[bench] " + String.format(format, args));
    }
}
