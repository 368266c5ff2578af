package fr.caducee.domain.importing;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Professionals (or structures) that many lines name: each is written at most once per import, by one line at a
 * time.
 *
 * <p>A line that finds the record not yet settled takes its lock and keeps it until the line is committed or undone,
 * so no other line can build on a record that may still be taken back; once the line commits, the record is settled
 * and later lines skip it without reading the directory again. Locks are striped: two records may share one, which
 * only makes a line wait. The key set is fixed by the validation phase, which is what lets the flags live in a plain
 * array indexed by the key's slot.
 */
final class SharedRecords {

    private static final int STRIPES = 1024;

    private final FingerprintIndex keys;
    private final AtomicIntegerArray settled;
    private final Lock[] locks = new Lock[STRIPES];

    SharedRecords(FingerprintIndex keys) {
        this.keys = keys;
        this.settled = new AtomicIntegerArray(keys.capacity());
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** The slot of a key seen by the validation phase. */
    int slot(String key) {
        int slot = keys.find(key);
        if (slot < 0) {
            throw new IllegalStateException("record " + key + " was not seen when the file was validated");
        }
        return slot;
    }

    boolean settled(int slot) {
        return settled.get(slot) != 0;
    }

    void settle(int slot) {
        settled.set(slot, 1);
    }

    Lock lock(int slot) {
        return locks[slot & (STRIPES - 1)];
    }
}
