package fr.caducee.trust.source;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Refreshes on one daemon thread of their own, each run starting {@code period} after the end of the previous one,
 * so a slow source never causes overlapping runs. A task must not throw: an exception would cancel its later runs.
 */
public final class RefreshSchedule implements AutoCloseable {

    private final ScheduledExecutorService scheduler;

    private RefreshSchedule(String threadName) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts a thread named {@code threadName}; add tasks with {@link #every}. */
    public static RefreshSchedule on(String threadName) {
        return new RefreshSchedule(Objects.requireNonNull(threadName, "threadName"));
    }

    /** Runs {@code task} after {@code initialDelay}, then {@code period} after the end of each run. */
    public RefreshSchedule every(Duration period, Duration initialDelay, Runnable task) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        scheduler.scheduleWithFixedDelay(task, initialDelay.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Stops the runs, waiting up to {@code wait} for one in progress; returns whether it ended in time. */
    public boolean stop(Duration wait) throws InterruptedException {
        scheduler.shutdownNow();
        return scheduler.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the runs without waiting. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
