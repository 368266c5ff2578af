package fr.caducee.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The peak resident memory of a server's process tree (its JVM, and the managed PostgreSQL with its backends), the
 * sum of their {@code VmRSS} sampled every 200 ms from {@code /proc}, as the other benchmarks take peaks. A sum of
 * RSS counts shared pages once per process: compare it with the same measure of another stack.
 */
final class ServerMemory implements AutoCloseable {
    private static final long PERIOD_MILLIS = 200;

    private final long pid;
    private final AtomicLong peakKb = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    ServerMemory(long pid) {
        this.pid = pid;
        this.sampler = new Thread(this::sample, "rss-" + pid);
        this.sampler.setDaemon(true);
        this.sampler.start();
    }

    /** The highest sum seen since the start or the last {@link #reset()}, in KB; 0 when /proc cannot be read. */
    long peakKb() {
        peakKb.accumulateAndGet(residentKb(), Math::max);
        return peakKb.get();
    }

    /** Starts a new peak from now. */
    void reset() {
        peakKb.set(residentKb());
    }

    private void sample() {
        while (running) {
            peakKb.accumulateAndGet(residentKb(), Math::max);
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long residentKb() {
        ProcessHandle server = ProcessHandle.of(pid).orElse(null);
        if (server == null) {
            return 0;
        }
        return Stream.concat(Stream.of(server), server.descendants()).mapToLong(ServerMemory::rssKb).sum();
    }

    private static long rssKb(ProcessHandle process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
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
