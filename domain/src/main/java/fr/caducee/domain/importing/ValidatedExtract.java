package fr.caducee.domain.importing;

import java.util.BitSet;

/**
 * What the validation phase keeps of an extract for the application phase: which lines are valid (one bit a line,
 * not the lines themselves), and the professionals and structures they name.
 */
record ValidatedExtract(BitSet accepted, SharedRecords professionals, SharedRecords structures) {

    boolean accepted(long line) {
        return line <= Integer.MAX_VALUE && accepted.get((int) line);
    }

    long acceptedCount() {
        return accepted.cardinality();
    }
}
