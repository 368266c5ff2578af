package fr.caducee.domain.importing;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import fr.caducee.domain.directory.store.DirectoryRefusal;
import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.domain.directory.store.WriteOutcome;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.model.Box;

/**
 * Second phase of an extract import, for one valid line: the professional and the structure it names, then its box.
 *
 * <p>The existing box is read first (once), so that a line the directory would refuse for its type or holder is
 * rejected before anything is written. Professionals and structures are read and written once per import (see
 * {@link SharedRecords}); a record already as the line says is not written at all. When a write of the line is
 * refused, the line's earlier writes are undone: an addition is removed, an update is put back as it was read.
 * When the directory fails, the line is undone the same way and a {@link LineFailedException} stops the import.
 */
final class ExtractLineApplier {

    private final DirectoryStore store;
    private final ValidatedExtract extract;
    private final ReportBuilder report;
    private final Optional<IdNat> defaultResponsible;
    private final Instant now;

    ExtractLineApplier(DirectoryStore store, ValidatedExtract extract, ReportBuilder report,
                       Optional<IdNat> defaultResponsible, Instant now) {
        this.store = store;
        this.extract = extract;
        this.report = report;
        this.defaultResponsible = defaultResponsible;
        this.now = now;
    }

    void apply(MappedLine line) {
        long n = line.lineNumber();
        LineTransaction tx = new LineTransaction();
        try {
            Optional<Box> existing = store.box(line.address());
            Box box = BoxMerge.merge(line, existing, defaultResponsible, now);
            line.professional().ifPresent(p -> ensure(tx, extract.professionals(), p.idNat().value(),
                    "professional " + p.idNat(), p, () -> store.professional(p.idNat()), store::putProfessional,
                    () -> store.removeProfessional(p.idNat()), report.professionals));
            line.structure().ifPresent(s -> ensure(tx, extract.structures(), s.id().nationalId(),
                    "structure " + s.id().nationalId(), s, () -> store.structure(s.id()), store::putStructure,
                    () -> store.removeStructure(s.id()), report.structures));
            WriteOutcome outcome = existing.filter(box::equals).isPresent() ? WriteOutcome.UNCHANGED
                    : store.putBox(box);
            tx.onCommit(() -> {
                report.boxes.count(outcome);
                report.applied();
            });
            tx.commit();
        } catch (RejectedLineException e) {
            tx.rollback();
            report.reject(n, e.getMessage());
        } catch (DirectoryRefusal e) {
            String undo = tx.rollback();
            report.reject(n, "line " + n + ": refused by the directory: " + e.getMessage() + undo);
        } catch (RuntimeException e) {
            throw new LineFailedException(n, e, tx.rollback());
        }
    }

    /**
     * Makes the directory hold {@code wanted} for the rest of the line, unless an earlier line of this import
     * already did.
     */
    private <R> void ensure(LineTransaction tx, SharedRecords shared, String key, String what, R wanted,
                            Supplier<Optional<R>> read, Function<R, WriteOutcome> put, Runnable remove,
                            Tally tally) {
        int slot = shared.slot(key);
        if (shared.settled(slot)) {
            return;
        }
        tx.hold(shared.lock(slot));
        if (shared.settled(slot)) {
            return;
        }
        Optional<R> previous = read.get();
        WriteOutcome outcome = WriteOutcome.UNCHANGED;
        if (!previous.equals(Optional.of(wanted))) {
            outcome = put.apply(wanted);
            if (outcome == WriteOutcome.ADDED) {
                tx.undoWith("the addition of " + what, remove);
            } else if (outcome == WriteOutcome.UPDATED && previous.isPresent()) {
                tx.undoWith("the update of " + what, () -> put.apply(previous.get()));
            }
        }
        WriteOutcome counted = outcome;
        tx.onCommit(() -> {
            shared.settle(slot);
            tally.count(counted);
        });
    }
}
