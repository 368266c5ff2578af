package fr.caducee.domain.importing;

/**
 * Remembers, for each key met in a file (a box address, a professional's or a structure's id), the first line that
 * named it and a hash of what that line said about it: about 30 bytes a key where a {@code HashMap<String, ...>}
 * costs a few hundred, which matters for the million keys of a national extract.
 *
 * <p>Keys are held as 128-bit fingerprints (two independent 64-bit hashes); the chance that two of a million keys
 * share one is about 10<sup>-27</sup>. Open addressing with linear probing. Not thread-safe for writes; once filled,
 * concurrent reads are safe if the filling happened-before them.
 */
final class FingerprintIndex {

    private static final int MAX_CAPACITY = 1 << 30;

    private long[] highs;
    private long[] lows;
    private int[] lines;
    private long[] values;
    private int size;

    FingerprintIndex() {
        allocate(1 << 12);
    }

    /** The slot holding {@code key}, or -1. */
    int find(String key) {
        long high = Fingerprint.first(key);
        long low = Fingerprint.second(key);
        int mask = lines.length - 1;
        for (int slot = start(high, mask); lines[slot] != 0; slot = (slot + 1) & mask) {
            if (highs[slot] == high && lows[slot] == low) {
                return slot;
            }
        }
        return -1;
    }

    /**
     * Adds {@code key}, first named on {@code line} (at least 1), with {@code value}, unless it is there already.
     *
     * @return -1 when added, otherwise the slot of the key as first added
     */
    int putIfAbsent(String key, long line, long value) {
        if (line < 1 || line > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("line out of range: " + line);
        }
        if ((size + 1) * 10L > lines.length * 6L) {
            grow();
        }
        long high = Fingerprint.first(key);
        long low = Fingerprint.second(key);
        int mask = lines.length - 1;
        int slot = start(high, mask);
        for (; lines[slot] != 0; slot = (slot + 1) & mask) {
            if (highs[slot] == high && lows[slot] == low) {
                return slot;
            }
        }
        highs[slot] = high;
        lows[slot] = low;
        lines[slot] = (int) line;
        values[slot] = value;
        size++;
        return -1;
    }

    long line(int slot) {
        return lines[slot];
    }

    long value(int slot) {
        return values[slot];
    }

    int size() {
        return size;
    }

    /** Slots run from 0 to this, exclusive. */
    int capacity() {
        return lines.length;
    }

    private static int start(long high, int mask) {
        return (int) (high ^ (high >>> 32)) & mask;
    }

    private void allocate(int capacity) {
        highs = new long[capacity];
        lows = new long[capacity];
        lines = new int[capacity];
        values = new long[capacity];
    }

    private void grow() {
        if (lines.length >= MAX_CAPACITY) {
            throw new IllegalStateException("too many keys for one import: " + size);
        }
        long[] oldHighs = highs;
        long[] oldLows = lows;
        int[] oldLines = lines;
        long[] oldValues = values;
        allocate(oldLines.length * 2);
        int mask = lines.length - 1;
        for (int i = 0; i < oldLines.length; i++) {
            if (oldLines[i] != 0) {
                int slot = start(oldHighs[i], mask);
                while (lines[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                highs[slot] = oldHighs[i];
                lows[slot] = oldLows[i];
                lines[slot] = oldLines[i];
                values[slot] = oldValues[i];
            }
        }
    }
}
