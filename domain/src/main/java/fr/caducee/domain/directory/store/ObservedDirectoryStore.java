package fr.caducee.domain.directory.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Dispensing;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

/**
 * A store whose writes of professional boxes are told to {@link BoxChanges}, before and after each (made or not): a box put,
 * created or removed, and the ORG boxes a professional is responsible for when their name changes (it is published
 * with the box). Everything else goes to the store unchanged.
 */
public final class ObservedDirectoryStore implements DirectoryStore {
    private final DirectoryStore store;
    private final BoxChanges changes;

    private ObservedDirectoryStore(DirectoryStore store, BoxChanges changes) {
        this.store = Objects.requireNonNull(store, "store");
        this.changes = Objects.requireNonNull(changes, "changes");
    }

    /** The store itself when nothing observes it. */
    public static DirectoryStore of(DirectoryStore store, BoxChanges changes) {
        return changes == BoxChanges.NONE ? store : new ObservedDirectoryStore(store, changes);
    }

    private <T> T observed(List<BoxAddress> boxes, Supplier<T> write) {
        if (boxes.isEmpty()) {
            return write.get();
        }
        changes.changing(boxes);
        try {
            return write.get();
        } finally {
            changes.changed(boxes);
        }
    }

    @Override
    public WriteOutcome putBox(Box box) {
        return observed(List.of(box.address()), () -> store.putBox(box));
    }

    @Override
    public void createBox(Box box) {
        observed(List.of(box.address()), () -> {
            store.createBox(box);
            return null;
        });
    }

    @Override
    public boolean removeBox(BoxAddress address) {
        return observed(List.of(address), () -> store.removeBox(address));
    }

    @Override
    public WriteOutcome putProfessional(Professional professional) {
        Optional<Professional> before = store.professional(professional.idNat());
        boolean renamed = before.isPresent() && !(before.get().firstName().equals(professional.firstName())
            && before.get().lastName().equals(professional.lastName()));
        List<BoxAddress> responsibleFor = renamed ? store.boxesOf(professional.idNat()).stream()
            .filter(box -> box.type() == BoxType.ORG && box.responsible().filter(professional.idNat()::equals).isPresent())
            .map(Box::address).toList() : List.of();
        return observed(responsibleFor, () -> store.putProfessional(professional));
    }

    @Override
    public Optional<Professional> professional(IdNat idNat) {
        return store.professional(idNat);
    }

    @Override
    public Optional<Structure> structure(StructureId id) {
        return store.structure(id);
    }

    @Override
    public Optional<Box> box(BoxAddress address) {
        return store.box(address);
    }

    @Override
    public Optional<Patient> patient(Ins ins) {
        return store.patient(ins);
    }

    @Override
    public List<Box> boxesOf(IdNat idNat) {
        return store.boxesOf(idNat);
    }

    @Override
    public List<Box> boxesAt(StructureId structure) {
        return store.boxesAt(structure);
    }

    @Override
    public Optional<String> passwordHash(BoxAddress login) {
        return store.passwordHash(login);
    }

    @Override
    public List<Box> boxes(Optional<BoxAddress> after, int limit) {
        return store.boxes(after, limit);
    }

    @Override
    public List<Professional> professionals(Optional<IdNat> after, int limit) {
        return store.professionals(after, limit);
    }

    @Override
    public List<Structure> structures(Optional<StructureId> after, int limit) {
        return store.structures(after, limit);
    }

    @Override
    public List<Patient> patients(Optional<Ins> after, int limit) {
        return store.patients(after, limit);
    }

    @Override
    public WriteOutcome putStructure(Structure structure) {
        return store.putStructure(structure);
    }

    @Override
    public WriteOutcome putPatient(Patient patient) {
        return store.putPatient(patient);
    }

    @Override
    public void addDispensing(Ins ins, Dispensing dispensing) {
        store.addDispensing(ins, dispensing);
    }

    @Override
    public List<Ins> representativesOf(Ins patient) {
        return store.representativesOf(patient);
    }

    @Override
    public List<Patient> representedBy(Ins representative) {
        return store.representedBy(representative);
    }

    @Override
    public boolean addRepresentative(Ins patient, Ins representative) {
        return store.addRepresentative(patient, representative);
    }

    @Override
    public boolean removeRepresentative(Ins patient, Ins representative) {
        return store.removeRepresentative(patient, representative);
    }

    @Override
    public void setPasswordHash(BoxAddress login, String hash) {
        store.setPasswordHash(login, hash);
    }

    @Override
    public boolean removeProfessional(IdNat idNat) {
        return store.removeProfessional(idNat);
    }

    @Override
    public boolean removeStructure(StructureId id) {
        return store.removeStructure(id);
    }

    @Override
    public long countBoxes() {
        return store.countBoxes();
    }

    @Override
    public void close() {
        store.close();
    }
}
