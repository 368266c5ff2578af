package fr.caducee.webmail.fakes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.Patient;
import fr.caducee.webmail.port.PatientAccounts;

/** The directory's side of the tests' patients: passwords in clear, who represents whom. */
public final class FakeAccounts implements PatientAccounts {
    private final Map<String, Patient> patients = new ConcurrentHashMap<>();
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, List<Patient>> children = new ConcurrentHashMap<>();
    public final AtomicInteger checks = new AtomicInteger();
    private volatile long knownCheckMillis;

    public FakeAccounts add(Patient patient, String password) {
        patients.put(Patients.address(patient), patient);
        passwords.put(Patients.address(patient), password);
        return this;
    }

    public void represents(Patient parent, Patient child) {
        children.computeIfAbsent(Patients.address(parent), key -> new CopyOnWriteArrayList<>()).add(child);
    }

    public void representsNoLonger(Patient parent, Patient child) {
        children.getOrDefault(Patients.address(parent), List.of()).remove(child);
    }

    public void replace(Patient patient) {
        patients.put(Patients.address(patient), patient);
    }

    /** How long checking the password of a known address takes (the directory's PBKDF2). */
    public void knownCheckTakes(long millis) {
        this.knownCheckMillis = millis;
    }

    public String password(Patient patient) {
        return passwords.get(Patients.address(patient));
    }

    @Override
    public Optional<Patient> authenticate(BoxAddress login, String password) {
        checks.incrementAndGet();
        Patient patient = patients.get(login.address());
        if (patient == null) {
            return Optional.empty();
        }
        try {
            Thread.sleep(knownCheckMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return password.equals(passwords.get(login.address())) && patient.isActive() ? Optional.of(patient)
            : Optional.empty();
    }

    @Override
    public Optional<Patient> patient(BoxAddress box) {
        return Optional.ofNullable(patients.get(box.address()));
    }

    @Override
    public boolean changePassword(Patient patient, String current, String next) {
        String address = Patients.address(patient);
        if (!current.equals(passwords.get(address))) {
            return false;
        }
        passwords.put(address, next);
        return true;
    }

    @Override
    public List<Patient> represented(Patient representative) {
        return List.copyOf(children.getOrDefault(Patients.address(representative), List.of()));
    }
}
