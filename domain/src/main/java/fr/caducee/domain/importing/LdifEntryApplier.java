package fr.caducee.domain.importing;

import java.util.HashSet;
import java.util.Optional;

import fr.caducee.domain.directory.store.DirectoryRefusal;
import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.domain.directory.store.WriteOutcome;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

/**
 * Second phase of an LDIF import, for one valid entry: reads the record, writes it only if it differs, then sets the
 * password hash if the entry has one and it differs. If the password cannot be set, the record's write is undone
 * (a new box removed, an updated box or patient put back). The directory cannot remove a patient, so a new patient
 * whose password fails stays without it, which the rejection says; running the import again completes it.
 *
 * <p>Each record appears once in a valid file, so no two workers ever write the same one.
 */
final class LdifEntryApplier {

    private final DirectoryStore store;
    private final ReportBuilder report;

    LdifEntryApplier(DirectoryStore store, ReportBuilder report) {
        this.store = store;
        this.report = report;
    }

    void apply(LdifRecord record) {
        long n = record.line();
        LineTransaction tx = new LineTransaction();
        try {
            if (record instanceof LdifRecord.ProfessionalEntry p) {
                professional(tx, p.professional());
            } else if (record instanceof LdifRecord.StructureEntry s) {
                structure(tx, s.structure());
            } else if (record instanceof LdifRecord.BoxEntry b) {
                box(tx, b);
            } else {
                patient(tx, (LdifRecord.PatientEntry) record);
            }
            tx.onCommit(report::applied);
            tx.commit();
        } catch (DirectoryRefusal e) {
            String undo = tx.rollback();
            report.reject(n, "line " + n + ": " + record.key() + " refused by the directory: " + e.getMessage()
                    + undo);
        } catch (RuntimeException e) {
            throw new LineFailedException(n, e, tx.rollback());
        }
    }

    private void professional(LineTransaction tx, Professional wanted) {
        Optional<Professional> existing = store.professional(wanted.idNat());
        WriteOutcome outcome = existing.equals(Optional.of(wanted)) ? WriteOutcome.UNCHANGED
                : store.putProfessional(wanted);
        tx.onCommit(() -> report.professionals.count(outcome));
    }

    private void structure(LineTransaction tx, Structure wanted) {
        Optional<Structure> existing = store.structure(wanted.id());
        WriteOutcome outcome = existing.equals(Optional.of(wanted)) ? WriteOutcome.UNCHANGED
                : store.putStructure(wanted);
        tx.onCommit(() -> report.structures.count(outcome));
    }

    private void box(LineTransaction tx, LdifRecord.BoxEntry entry) {
        Box given = entry.box();
        Optional<Box> existing = store.box(given.address());
        // The directory keeps the creation date of an existing box: compare with it, or every run would write.
        Box wanted = existing.map(e -> new Box(given.address(), given.type(), given.professional(),
                given.structure(), given.responsible(), given.members(), given.listeRouge(), given.status(),
                e.created(), given.service(), given.softwareRef())).orElse(given);
        WriteOutcome outcome = WriteOutcome.UNCHANGED;
        if (!existing.equals(Optional.of(wanted))) {
            outcome = store.putBox(wanted);
            if (outcome == WriteOutcome.ADDED) {
                tx.undoWith("the addition of box " + given.address(), () -> store.removeBox(given.address()));
            } else if (outcome == WriteOutcome.UPDATED && existing.isPresent()) {
                tx.undoWith("the update of box " + given.address(), () -> store.putBox(existing.get()));
            }
        }
        outcome = password(given.address(), entry.passwordHash(), outcome);
        WriteOutcome counted = outcome;
        tx.onCommit(() -> report.boxes.count(counted));
    }

    private void patient(LineTransaction tx, LdifRecord.PatientEntry entry) {
        Patient given = entry.patient();
        Optional<Patient> existing = store.patient(given.ins());
        Patient wanted = entry.createdGiven() || existing.isEmpty() ? given
                : new Patient(given.ins(), given.lastName(), given.firstName(), given.birthDate(), given.address(),
                        given.status(), existing.get().created(), given.dispensings());
        WriteOutcome outcome = WriteOutcome.UNCHANGED;
        if (existing.isEmpty() || !same(existing.get(), wanted)) {
            outcome = store.putPatient(wanted);
            if (outcome == WriteOutcome.ADDED) {
                tx.undoWith("the addition of patient " + given.ins(), () -> {
                    throw new UnsupportedOperationException("the directory cannot remove a patient; running the"
                            + " import again completes the entry");
                });
            } else if (outcome == WriteOutcome.UPDATED && existing.isPresent()) {
                tx.undoWith("the update of patient " + given.ins(), () -> store.putPatient(existing.get()));
            }
        }
        outcome = password(given.boxAddress(), entry.passwordHash(), outcome);
        WriteOutcome counted = outcome;
        tx.onCommit(() -> report.patients.count(counted));
    }

    /** Sets the hash if given and different; a record otherwise unchanged is then updated. */
    private WriteOutcome password(BoxAddress login, Optional<String> hash, WriteOutcome outcome) {
        if (hash.isEmpty() || store.passwordHash(login).equals(hash)) {
            return outcome;
        }
        store.setPasswordHash(login, hash.get());
        return outcome == WriteOutcome.UNCHANGED ? WriteOutcome.UPDATED : outcome;
    }

    /** Dispensings are a multi-valued attribute, so their order means nothing. */
    private static boolean same(Patient a, Patient b) {
        return a.ins().equals(b.ins()) && a.lastName().equals(b.lastName()) && a.firstName().equals(b.firstName())
                && a.birthDate().equals(b.birthDate()) && a.address().equals(b.address())
                && a.status() == b.status() && a.created().equals(b.created())
                && a.dispensings().size() == b.dispensings().size()
                && new HashSet<>(a.dispensings()).equals(new HashSet<>(b.dispensings()));
    }
}
