package fr.caducee.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import fr.caducee.audit.AuditJson;
import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditSettings;
import fr.caducee.audit.Decision;
import fr.caducee.audit.FileAuditTrail;
import fr.caducee.audit.FsyncPolicy;

/**
 * Sustained append rate of the file audit trail: {@code threads} appenders call {@code append} in a loop for
 * {@code seconds} (after {@code warmup} seconds not counted), each record an acceptance as the submission port
 * writes it. Prints records per second, forces per second, records per force, the append latency (p50, p99, max)
 * and the bytes per record on disk. {@code raw} instead of a policy measures the baseline: the same lines written and
 * forced one by one by one thread, without the trail.
 *
 * <pre>java -cp "bench/target/caducee-bench.jar:bench/target/lib/*" fr.caducee.bench.AuditTrailLoad FOLDER always|interval|raw THREADS SECONDS WARMUP</pre>
 */
public final class AuditTrailLoad {
    private AuditTrailLoad() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        int threads = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        if (args[1].equals("raw")) {
            raw(folder, seconds, warmup);
            return;
        }
        FsyncPolicy policy = FsyncPolicy.valueOf(args[1].toUpperCase(Locale.ROOT));
        AuditSettings settings = AuditSettings.defaults().withFsync(policy, Duration.ofSeconds(1));

        try (FileAuditTrail trail = FileAuditTrail.open(folder, settings)) {
            AtomicBoolean measuring = new AtomicBoolean();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong sequence = new AtomicLong();
            LatencyRecorder latencies = new LatencyRecorder(50_000_000);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    while (running.get()) {
                        AuditRecord record = acceptance(sequence.incrementAndGet());
                        long start = System.nanoTime();
                        trail.append(record);
                        if (measuring.get()) {
                            latencies.record(System.nanoTime() - start);
                        }
                    }
                }, "appender-" + t);
                worker.start();
                workers.add(worker);
            }
            Thread.sleep(warmup * 1000L);
            long syncs0 = trail.syncCount();
            long written0 = trail.writtenCount();
            long start = System.nanoTime();
            measuring.set(true);
            Thread.sleep(seconds * 1000L);
            measuring.set(false);
            long elapsed = System.nanoTime() - start;
            long syncs = trail.syncCount() - syncs0;
            long written = trail.writtenCount() - written0;
            running.set(false);
            for (Thread worker : workers) {
                worker.join();
            }
            long total = trail.writtenCount();
            trail.close();
            long bytes = bytes(folder);
            double secondsElapsed = elapsed / 1e9;
            LatencyRecorder.Summary latency = latencies.summary();
            System.out.printf(Locale.ROOT,
                "policy=%s threads=%d records/s=%.0f forces/s=%.0f records/force=%.1f append_ms p50=%.3f p99=%.3f max=%.3f bytes/record=%.1f records=%d%n",
                policy.name().toLowerCase(Locale.ROOT), threads, written / secondsElapsed, syncs / secondsElapsed,
                syncs == 0 ? 0.0 : (double) written / syncs, latency.p50Millis(), latency.p99Millis(),
                latency.maxMillis(), (double) bytes / total, total);
        }
    }

    /**
     * The baseline: what the disk allows without the trail, one thread writing the same lines to a file with
     * {@code FileChannel.write} and forcing each ({@code fdatasync}) before the next.
     */
    static void raw(Path folder, int seconds, int warmup) throws IOException {
        Files.createDirectories(folder);
        LatencyRecorder latencies = new LatencyRecorder(50_000_000);
        try (FileChannel file = FileChannel.open(folder.resolve("raw.jsonl"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            long n = 0;
            long warmupEnd = System.nanoTime() + warmup * 1_000_000_000L;
            while (System.nanoTime() < warmupEnd) {
                write(file, ++n);
            }
            long count = 0;
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long now = start;
            while (now < end) {
                write(file, ++n);
                long after = System.nanoTime();
                latencies.record(after - now);
                now = after;
                count++;
            }
            double elapsed = (now - start) / 1e9;
            LatencyRecorder.Summary latency = latencies.summary();
            System.out.printf(Locale.ROOT,
                "policy=raw threads=1 records/s=%.0f forces/s=%.0f records/force=1.0 append_ms p50=%.3f p99=%.3f max=%.3f bytes/record=%.1f records=%d%n",
                count / elapsed, count / elapsed, latency.p50Millis(), latency.p99Millis(), latency.maxMillis(),
                (double) file.size() / n, n);
        }
    }

    private static void write(FileChannel file, long n) throws IOException {
        ByteBuffer line = ByteBuffer.wrap(AuditJson.line(acceptance(n)));
        while (line.hasRemaining()) {
            file.write(line);
        }
        file.force(false);
    }

    /** An acceptance as the submission port records it: login, sender, two recipients, ids, size, session. */
    static AuditRecord acceptance(long n) {
        return AuditRecord.builder(Decision.ACCEPTED)
            .via("submission")
            .mail("Mail" + (1_700_000_000_000L + n) + "-" + (n * 7919 % 100_000))
            .messageId("<" + Long.toHexString(n * 0x9E3779B97F4A7C15L) + "." + n + "@dpi.chu-exemple.mssante.fr>")
            .login("dr.durand." + (n % 5000) + "@chu-exemple.mssante.fr")
            .sender("dr.durand." + (n % 5000) + "@chu-exemple.mssante.fr")
            .recipients(List.of("cardiologie@chu-exemple.mssante.fr", "dr.martin." + (n % 20000) + "@medecin.mssante.fr"))
            .size(40_000 + n % 200_000)
            .session(Long.toHexString(n * 31 % 0xFFFFFFFL))
            .remote("10.12." + (n % 250) + "." + (n % 200))
            .build();
    }

    static long bytes(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }
}
