package fr.caducee.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The peak memory of a server's process tree (its JVM, and the managed PostgreSQL with its backends), sampled every
 * 200 ms from {@code /proc}: the sum of their resident sets ({@code VmRSS}), as the other benchmarks take peaks, and
 * the sum of their proportional sets ({@code Pss} of {@code smaps_rollup}). A sum of RSS counts a shared page once per
 * process that maps it (PostgreSQL's shared buffers once per backend); PSS shares such pages out, so its sum is what
 * the tree holds. Both peaks are taken at the same samples.
 */
final class ServerMemory implements AutoCloseable {
    private static final long PERIOD_MILLIS = 200;

    private final long pid;
    private final AtomicLong peakKb = new AtomicLong();
    private final AtomicLong peakPssKb = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    ServerMemory(long pid) {
        this.pid = pid;
        this.sampler = new Thread(this::sample, "rss-" + pid);
        this.sampler.setDaemon(true);
        this.sampler.start();
    }

    /** The highest RSS sum seen since the start or the last {@link #reset()}, in KB; 0 when /proc cannot be read. */
    long peakKb() {
        sampleOnce();
        return peakKb.get();
    }

    /** The highest PSS sum seen since the start or the last {@link #reset()}, in KB. */
    long peakPssKb() {
        sampleOnce();
        return peakPssKb.get();
    }

    /** Starts new peaks from now. */
    void reset() {
        peakKb.set(0);
        peakPssKb.set(0);
        sampleOnce();
    }

    private void sampleOnce() {
        peakKb.accumulateAndGet(sum("status", "VmRSS:"), Math::max);
        peakPssKb.accumulateAndGet(sum("smaps_rollup", "Pss:"), Math::max);
    }

    private void sample() {
        while (running) {
            sampleOnce();
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The sum over the tree of the figure on the {@code key} line of {@code /proc/<pid>/<file>}, in KB. */
    private long sum(String file, String key) {
        ProcessHandle server = ProcessHandle.of(pid).orElse(null);
        if (server == null) {
            return 0;
        }
        return Stream.concat(Stream.of(server), server.descendants())
            .mapToLong(process -> kilobytes(process, file, key)).sum();
    }

    private static long kilobytes(ProcessHandle process, String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), file))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // a backend that ended meanwhile
        }
        return 0;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
