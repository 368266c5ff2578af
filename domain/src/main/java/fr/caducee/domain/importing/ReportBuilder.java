package fr.caducee.domain.importing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** Collects what an import does, from the reading thread and the workers. */
final class ReportBuilder {

    final Tally boxes = new Tally();
    final Tally professionals = new Tally();
    final Tally structures = new Tally();
    final Tally patients = new Tally();
    private final LongAdder read = new LongAdder();
    private final LongAdder applied = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final int maxKept;
    private final ImportListener listener;
    private final List<ImportRejection> kept = new ArrayList<>();
    private long rejected;

    ReportBuilder(int maxKept, ImportListener listener) {
        this.maxKept = maxKept;
        this.listener = listener;
    }

    void read() {
        read.increment();
    }

    void applied() {
        applied.increment();
    }

    void skipped() {
        skipped.increment();
    }

    long appliedSoFar() {
        return applied.sum();
    }

    /** Records a rejection; the listener is called under the same lock, so it sees them one at a time. */
    synchronized void reject(long line, String reason) {
        ImportRejection rejection = new ImportRejection(line, reason);
        rejected++;
        if (kept.size() < maxKept) {
            kept.add(rejection);
        }
        listener.rejected(rejection);
    }

    synchronized ImportReport build() {
        List<ImportRejection> sorted = new ArrayList<>(kept);
        sorted.sort(Comparator.comparingLong(ImportRejection::line));
        return new ImportReport(read.sum(), applied.sum(), skipped.sum(), boxes.snapshot(),
                professionals.snapshot(), structures.snapshot(), patients.snapshot(), rejected, sorted);
    }
}
