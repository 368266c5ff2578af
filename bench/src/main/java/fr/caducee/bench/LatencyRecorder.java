package fr.caducee.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Latencies of accepted transactions. A preallocated array written at a claimed index: recording costs no lock and
 * no allocation, so the recorder does not itself slow the workers it measures.
 */
final class LatencyRecorder {
    private final long[] nanos;
    private final AtomicInteger count = new AtomicInteger();

    LatencyRecorder(int capacity) {
        this.nanos = new long[capacity];
    }

    void record(long elapsedNanos) {
        nanos[count.getAndIncrement()] = elapsedNanos;
    }

    int count() {
        return count.get();
    }

    /** Read once every worker has finished (the join gives the visibility the plain array writes lack). */
    Summary summary() {
        long[] sorted = Arrays.copyOf(nanos, count.get());
        Arrays.sort(sorted);
        return new Summary(millis(percentile(sorted, 50)), millis(percentile(sorted, 99)),
            millis(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
    }

    /** Nearest-rank percentile: always a latency that was actually observed. */
    private static long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    record Summary(double p50Millis, double p99Millis, double maxMillis) {
    }
}
