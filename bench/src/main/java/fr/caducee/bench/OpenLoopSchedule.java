package fr.caducee.bench;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Messages sent on a timetable rather than back to back (an open loop): message {@code i} is due at
 * {@code start + i / rate}, whatever became of the ones before, as admissions arrive at an ED. Senders take the next
 * message in turn ({@link #next()}), wait for its time and send it; one that is already late when taken (every sender
 * was busy) is counted, since its latency alone would hide the wait (coordinated omission).
 */
final class OpenLoopSchedule {
    /** A message sent later than this after its time is late. */
    static final long LATE_NANOS = 10_000_000;

    private final long startNanos;
    private final double perSecond;
    private final int count;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger late = new AtomicInteger();

    OpenLoopSchedule(long startNanos, double perSecond, int count) {
        if (perSecond <= 0 || count < 0) {
            throw new IllegalArgumentException("a rate above 0 and a count of 0 or more, not " + perSecond + ", " + count);
        }
        this.startNanos = startNanos;
        this.perSecond = perSecond;
        this.count = count;
    }

    /** The index of the next message to send, or -1 when all have been taken. */
    int next() {
        int index = next.getAndIncrement();
        return index < count ? index : -1;
    }

    /** When message {@code index} is due, in {@link System#nanoTime()}'s terms. */
    long dueNanos(int index) {
        return startNanos + Math.round(index * 1_000_000_000.0 / perSecond);
    }

    /**
     * Waits until message {@code index} is due (sleeping, then spinning the last half millisecond); returns the time it
     * was sent at, counting it late when that is more than {@link #LATE_NANOS} after its time.
     */
    long awaitDue(int index) throws InterruptedException {
        long due = dueNanos(index);
        long left = due - System.nanoTime();
        if (left > 1_000_000) {
            Thread.sleep((left - 500_000) / 1_000_000, (int) ((left - 500_000) % 1_000_000));
        }
        while (System.nanoTime() < due) {
            Thread.onSpinWait();
        }
        long now = System.nanoTime();
        if (now - due > LATE_NANOS) {
            late.incrementAndGet();
        }
        return now;
    }

    /** Messages sent more than {@link #LATE_NANOS} after their time. */
    int late() {
        return late.get();
    }

    int count() {
        return count;
    }

    /** The time the whole timetable spans: from the first message's time to the last's. */
    double spanSeconds() {
        return count == 0 ? 0 : (count - 1) / perSecond;
    }
}
