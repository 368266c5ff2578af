package fr.caducee.server.webmail;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.server.storage.SchemaMigrations;
import fr.caducee.server.storage.TestDatabase;

/**
 * What a notice costs the delivery path and the relay's worker, on a real PostgreSQL with 10,000 patients of whom
 * half gave an address: the mailet's write per patient recipient (with and without an address, and coalesced), and
 * a claim plus its outcome per notice sent. Not a test: run it alone,
 * {@code mvn -B -o -pl server -am test -Dtest=NoticeQueueBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class NoticeQueueBench {
    static final int PATIENTS = 10_000;
    static final int ROUNDS = 2_000;

    @RegisterExtension
    static final TestDatabase database = new TestDatabase(4);
    static NoticeQueue queue;

    @BeforeAll
    static void patients() throws Exception {
        SchemaMigrations.apply(database.dataSource());
        queue = new NoticeQueue(database.dataSource());
        database.execute("INSERT INTO webmail_account (patient, notify_address) SELECT 'p' || i || '@patient.bench.example',"
            + " CASE WHEN i % 2 = 0 THEN 'avis' || i || '@exemple.fr' END FROM generate_series(1, " + PATIENTS + ") i");
    }

    @Test
    void measure() {
        Instant now = Instant.parse("2026-12-07T09:00:00Z");
        Duration spacing = NoticeRelay.SPACING;
        warmUp(now, spacing);
        long[] withAddress = time(i -> queue.enqueue("p" + (2 * i + 2) + "@patient.bench.example",
            NoticeQueue.Kind.MESSAGE, now, spacing));
        long[] coalesced = time(i -> queue.enqueue("p" + (2 * i + 2) + "@patient.bench.example",
            NoticeQueue.Kind.MESSAGE, now, spacing));
        long[] withoutAddress = time(i -> queue.enqueue("p" + (2 * i + 1) + "@patient.bench.example",
            NoticeQueue.Kind.MESSAGE, now, spacing));
        long[] claimAndSent = time(i -> {
            List<NoticeQueue.Due> due = queue.claimDue(now, NoticeRelay.LEASE, 1);
            queue.sent(due.get(0).id(), now);
        });
        report("enqueue, patient with an address (row written)", withAddress);
        report("enqueue, a notice already waiting (coalesced)", coalesced);
        report("enqueue, patient without an address (nothing written)", withoutAddress);
        report("claim one due notice and record it sent", claimAndSent);
    }

    private static void warmUp(Instant now, Duration spacing) {
        for (int i = 0; i < 200; i++) {
            queue.enqueue("p" + (PATIENTS - 2 * i) + "@patient.bench.example", NoticeQueue.Kind.MESSAGE, now, spacing);
        }
        for (int i = 0; i < 200; i++) {
            queue.sent(queue.claimDue(now, NoticeRelay.LEASE, 1).get(0).id(), now);
        }
    }

    interface Step {
        void run(int i);
    }

    private static long[] time(Step step) {
        long[] nanos = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            step.run(i);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static void report(String what, long[] sorted) {
        System.out.printf("%-58s p50 %6.3f ms  p99 %6.3f ms  (%d rounds)%n", what, sorted[sorted.length / 2] / 1e6,
            sorted[sorted.length * 99 / 100] / 1e6, sorted.length);
    }
}
