package fr.caducee.domain.directory.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import fr.caducee.domain.directory.store.DirectoryRefusal.Reason;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.Dispensing;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

/**
 * A {@link DirectoryStore} in memory, for testing the import logic: it enforces the contract's references and
 * immutability rules (a box's holder, structure, responsible and members must exist; a box's type and holder never
 * change; its creation date is kept; a professional or structure still referred to cannot be removed). Faults can be
 * injected per operation and key, and every call is counted.
 */
public final class InMemoryDirectoryStore implements DirectoryStore {

    /** Decides whether an operation fails: returns the exception to throw, or null. */
    @FunctionalInterface
    public interface Fault {
        RuntimeException on(String operation, String key);
    }

    private final Map<String, Professional> professionals = new TreeMap<>();
    private final Map<String, Structure> structures = new TreeMap<>();
    private final Map<String, Box> boxes = new TreeMap<>();
    private final Map<String, Patient> patients = new TreeMap<>();
    private final Map<String, String> passwords = new TreeMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private volatile Fault fault = (operation, key) -> null;

    public void fault(Fault newFault) {
        this.fault = Objects.requireNonNull(newFault);
    }

    public void noFault() {
        fault((operation, key) -> null);
    }

    /** Calls of one operation, e.g. {@code putProfessional}. */
    public long calls(String operation) {
        LongAdder adder = calls.get(operation);
        return adder == null ? 0 : adder.sum();
    }

    /** Calls of every operation that writes. */
    public long writes() {
        return calls.entrySet().stream()
                .filter(e -> e.getKey().startsWith("put") || e.getKey().startsWith("create")
                        || e.getKey().startsWith("add") || e.getKey().startsWith("set")
                        || e.getKey().startsWith("remove"))
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    public int professionalCount() {
        return read(professionals::size);
    }

    public int structureCount() {
        return read(structures::size);
    }

    public int patientCount() {
        return read(patients::size);
    }

    @Override
    public Optional<Professional> professional(IdNat idNat) {
        call("professional", idNat.value());
        return read(() -> Optional.ofNullable(professionals.get(idNat.value())));
    }

    @Override
    public Optional<Structure> structure(StructureId id) {
        call("structure", id.nationalId());
        return read(() -> Optional.ofNullable(structures.get(id.nationalId())));
    }

    @Override
    public Optional<Box> box(BoxAddress address) {
        call("box", address.address());
        return read(() -> Optional.ofNullable(boxes.get(address.address())));
    }

    @Override
    public Optional<Patient> patient(Ins ins) {
        call("patient", ins.matricule());
        return read(() -> Optional.ofNullable(patients.get(ins.matricule())));
    }

    @Override
    public List<Box> boxesOf(IdNat idNat) {
        call("boxesOf", idNat.value());
        return read(() -> boxes.values().stream().filter(b -> b.usableBy(idNat)).toList());
    }

    @Override
    public List<Box> boxesAt(StructureId structure) {
        call("boxesAt", structure.nationalId());
        return read(() -> boxes.values().stream().filter(b -> b.structure().filter(structure::equals).isPresent())
            .sorted(Comparator.comparing(b -> b.address().address())).toList());
    }

    @Override
    public Optional<String> passwordHash(BoxAddress login) {
        call("passwordHash", login.address());
        return read(() -> Optional.ofNullable(passwords.get(login.address())));
    }

    @Override
    public List<Box> boxes(Optional<BoxAddress> after, int limit) {
        call("boxes", "");
        return read(() -> page(boxes, after.map(BoxAddress::address), limit));
    }

    @Override
    public List<Professional> professionals(Optional<IdNat> after, int limit) {
        call("professionals", "");
        return read(() -> page(professionals, after.map(IdNat::value), limit));
    }

    @Override
    public List<Structure> structures(Optional<StructureId> after, int limit) {
        call("structures", "");
        return read(() -> page(structures, after.map(StructureId::nationalId), limit));
    }

    @Override
    public List<Patient> patients(Optional<Ins> after, int limit) {
        call("patients", "");
        return read(() -> page(patients, after.map(Ins::matricule), limit));
    }

    @Override
    public WriteOutcome putProfessional(Professional professional) {
        call("putProfessional", professional.idNat().value());
        return write(() -> put(professionals, professional.idNat().value(), professional));
    }

    @Override
    public WriteOutcome putStructure(Structure structure) {
        call("putStructure", structure.id().nationalId());
        return write(() -> put(structures, structure.id().nationalId(), structure));
    }

    @Override
    public WriteOutcome putBox(Box box) {
        call("putBox", box.address().address());
        return write(() -> {
            Box existing = boxes.get(box.address().address());
            Box stored = box;
            if (existing != null) {
                if (existing.type() != box.type()) {
                    throw new DirectoryRefusal(Reason.CONFLICT, "box " + box.address() + ": type " + existing.type()
                            + " cannot become " + box.type());
                }
                if (!existing.professional().equals(box.professional())) {
                    throw new DirectoryRefusal(Reason.CONFLICT, "box " + box.address() + ": holder "
                            + existing.professional().map(IdNat::value).orElse("") + " cannot change");
                }
                stored = new Box(box.address(), box.type(), box.professional(), box.structure(), box.responsible(),
                        box.members(), box.listeRouge(), box.status(), existing.created(), box.service(),
                        box.softwareRef());
            }
            checkReferences(stored);
            return put(boxes, box.address().address(), stored);
        });
    }

    @Override
    public void createBox(Box box) {
        call("createBox", box.address().address());
        write(() -> {
            if (boxes.containsKey(box.address().address())) {
                throw new DirectoryRefusal(Reason.DUPLICATE, "box " + box.address() + " already exists");
            }
            checkReferences(box);
            boxes.put(box.address().address(), box);
            return null;
        });
    }

    @Override
    public WriteOutcome putPatient(Patient patient) {
        call("putPatient", patient.ins().matricule());
        return write(() -> {
            for (Dispensing dispensing : patient.dispensings()) {
                requireStructure(dispensing.pharmacy(), "patient " + patient.ins() + ": dispensing pharmacy");
            }
            return put(patients, patient.ins().matricule(), patient);
        });
    }

    @Override
    public void addDispensing(Ins ins, Dispensing dispensing) {
        call("addDispensing", ins.matricule());
        write(() -> {
            Patient patient = patients.get(ins.matricule());
            if (patient == null) {
                throw new DirectoryRefusal(Reason.NOT_FOUND, "patient " + ins + " does not exist");
            }
            requireStructure(dispensing.pharmacy(), "patient " + ins + ": dispensing pharmacy");
            List<Dispensing> all = new ArrayList<>(patient.dispensings());
            all.add(dispensing);
            patients.put(ins.matricule(), new Patient(patient.ins(), patient.lastName(), patient.firstName(),
                    patient.birthDate(), patient.address(), patient.status(), patient.created(), all));
            return null;
        });
    }

    @Override
    public void setPasswordHash(BoxAddress login, String hash) {
        call("setPasswordHash", login.address());
        write(() -> {
            boolean known = boxes.containsKey(login.address()) || patients.values().stream()
                    .anyMatch(p -> p.boxAddress().equals(login));
            if (!known) {
                throw new DirectoryRefusal(Reason.NOT_FOUND, "login " + login + " is unknown");
            }
            passwords.put(login.address(), hash);
            return null;
        });
    }

    @Override
    public boolean removeProfessional(IdNat idNat) {
        call("removeProfessional", idNat.value());
        return write(() -> {
            for (Box box : boxes.values()) {
                if (box.usableBy(idNat)) {
                    throw new DirectoryRefusal(Reason.CONFLICT, "professional " + idNat + " is still named by box "
                            + box.address());
                }
            }
            return professionals.remove(idNat.value()) != null;
        });
    }

    @Override
    public boolean removeStructure(StructureId id) {
        call("removeStructure", id.nationalId());
        return write(() -> {
            for (Box box : boxes.values()) {
                if (box.structure().filter(id::equals).isPresent()) {
                    throw new DirectoryRefusal(Reason.CONFLICT, "structure " + id.nationalId()
                            + " is still named by box " + box.address());
                }
            }
            for (Patient patient : patients.values()) {
                if (patient.dispensings().stream().anyMatch(d -> d.pharmacy().equals(id))) {
                    throw new DirectoryRefusal(Reason.CONFLICT, "structure " + id.nationalId()
                            + " is still named by a dispensing of patient " + patient.ins());
                }
            }
            return structures.remove(id.nationalId()) != null;
        });
    }

    @Override
    public boolean removeBox(BoxAddress address) {
        call("removeBox", address.address());
        return write(() -> {
            passwords.remove(address.address());
            return boxes.remove(address.address()) != null;
        });
    }

    @Override
    public long countBoxes() {
        call("countBoxes", "");
        return read(() -> (long) boxes.size());
    }

    @Override
    public void close() {
    }

    private void checkReferences(Box box) {
        String what = "box " + box.address();
        box.professional().ifPresent(id -> requireProfessional(id, what + ": holder"));
        box.structure().ifPresent(id -> requireStructure(id, what + ": structure"));
        box.responsible().ifPresent(id -> requireProfessional(id, what + ": responsible"));
        box.members().forEach(id -> requireProfessional(id, what + ": member"));
    }

    private void requireProfessional(IdNat id, String what) {
        if (!professionals.containsKey(id.value())) {
            throw new DirectoryRefusal(Reason.UNKNOWN_REFERENCE, what + " " + id + " is not in the directory");
        }
    }

    private void requireStructure(StructureId id, String what) {
        if (!structures.containsKey(id.nationalId())) {
            throw new DirectoryRefusal(Reason.UNKNOWN_REFERENCE, what + " " + id.nationalId()
                    + " is not in the directory");
        }
    }

    private static <V> WriteOutcome put(Map<String, V> map, String key, V value) {
        V previous = map.put(key, value);
        if (previous == null) {
            return WriteOutcome.ADDED;
        }
        return previous.equals(value) ? WriteOutcome.UNCHANGED : WriteOutcome.UPDATED;
    }

    private static <V> List<V> page(Map<String, V> map, Optional<String> after, int limit) {
        TreeMap<String, V> sorted = (TreeMap<String, V>) map;
        Map<String, V> tail = after.isPresent() ? sorted.tailMap(after.get(), false) : sorted;
        return tail.values().stream().limit(limit).toList();
    }

    private void call(String operation, String key) {
        calls.computeIfAbsent(operation, k -> new LongAdder()).increment();
        RuntimeException failure = fault.on(operation, key);
        if (failure != null) {
            throw failure;
        }
    }

    private <T> T read(Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T write(Supplier<T> action) {
        lock.writeLock().lock();
        try {
            return action.get();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
