package fr.caducee.domain.importing;

import java.util.concurrent.atomic.LongAdder;

import fr.caducee.domain.directory.store.WriteOutcome;

/** Counts the outcomes of one kind of record; workers add to it concurrently. */
final class Tally {

    private final LongAdder added = new LongAdder();
    private final LongAdder updated = new LongAdder();
    private final LongAdder unchanged = new LongAdder();

    void count(WriteOutcome outcome) {
        switch (outcome) {
            case ADDED -> added.increment();
            case UPDATED -> updated.increment();
            case UNCHANGED -> unchanged.increment();
            default -> throw new AssertionError(outcome);
        }
    }

    ImportReport.Counts snapshot() {
        return new ImportReport.Counts(added.sum(), updated.sum(), unchanged.sum());
    }
}
