package fr.caducee.identity.login;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import fr.caducee.domain.directory.CachedDirectory;
import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.PasswordScheme;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.directory.store.InMemoryDirectoryStore;
import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

/**
 * The directory the logins' tests read, over the in-memory store with the server's cache in front: a hospital with a
 * cardiology ORG box (Dr Martin responsible, Dr Durand member), a pharmacy ORG box Dr Durand has nothing to do with,
 * the hospital's APP box, Dr Durand's two PER boxes (the one made first at the practice), his CAB box and a suspended
 * PER box, Dr Martin's PER box, a patient, and a professional holding no box. Passwords are kept as {@code test$pw}.
 */
final class LoginDirectory {
    static final IdNat DURAND = IdNat.parse("810000005479");
    static final IdNat MARTIN = IdNat.parse("810000012343");
    /** The professional of ANS's userinfo sample, who holds no box here. */
    static final IdNat WITHOUT_BOX = IdNat.parse("899700366240");
    static final Finess HOSPITAL = Finess.parse("000897405");
    static final Instant CREATED = Instant.parse("2026-01-05T09:00:00Z");

    static final String DURAND_HOSPITAL = "dr.durand@chu.caducee.test";
    static final String DURAND_PRACTICE = "durand@cabinet.caducee.test";
    static final String DURAND_CAB = "accueil@cabinet.caducee.test";
    static final String DURAND_OLD = "ancien.durand@chu.caducee.test";
    static final String MARTIN_PER = "dr.martin@chu.caducee.test";
    static final String CARDIOLOGY = "cardiologie@chu.caducee.test";
    static final String PHARMACY = "pharmacie@chu.caducee.test";
    static final String APP = "dpi@chu.caducee.test";
    static final String PATIENT = "146026322000196@patient.caducee.test";
    static final String DURAND_PASSWORD = "durand-password";
    static final String MARTIN_PASSWORD = "martin-password";
    static final String PATIENT_PASSWORD = "patient-password";

    private final InMemoryDirectoryStore store = new InMemoryDirectoryStore();
    private final Directory directory = new CachedDirectory(store, domain -> true, new PlainPasswords(),
        new CachedDirectory.CacheSettings(Duration.ofMillis(2), 1_000));

    LoginDirectory() {
        store.putStructure(new Structure(HOSPITAL, "CHU de test", "", "", ""));
        store.putProfessional(new Professional(DURAND, "DR", "DURAND", "Jean", "10", "Médecin", "", ""));
        store.putProfessional(new Professional(MARTIN, "DR", "MARTIN", "Anne", "10", "Médecin", "", ""));
        store.putProfessional(new Professional(WITHOUT_BOX, "DR", "DOC0036624", "KIT", "10", "Médecin", "", ""));
        personal(DURAND_HOSPITAL, BoxType.PER, DURAND, CREATED, BoxStatus.ACTIVE);
        personal(DURAND_PRACTICE, BoxType.PER, DURAND, CREATED.minus(Duration.ofDays(300)), BoxStatus.ACTIVE);
        personal(DURAND_CAB, BoxType.CAB, DURAND, CREATED.minus(Duration.ofDays(400)), BoxStatus.ACTIVE);
        personal(DURAND_OLD, BoxType.PER, DURAND, CREATED.minus(Duration.ofDays(900)), BoxStatus.SUSPENDED);
        personal(MARTIN_PER, BoxType.PER, MARTIN, CREATED, BoxStatus.ACTIVE);
        organisational(CARDIOLOGY, MARTIN, Set.of(DURAND));
        organisational(PHARMACY, MARTIN, Set.of());
        store.putBox(new Box(BoxAddress.parse(APP), BoxType.APP, Optional.empty(), Optional.of(HOSPITAL),
            Optional.empty(), Set.of(), false, BoxStatus.ACTIVE, CREATED, "", "DPI-TEST"));
        store.putPatient(new Patient(Ins.parse("146026322000196"), "DUPONT", "Paul", Optional.empty(),
            PatientAddress.parse(PATIENT), BoxStatus.ACTIVE, CREATED, List.of()));
        password(DURAND_HOSPITAL, DURAND_PASSWORD);
        password(DURAND_PRACTICE, DURAND_PASSWORD);
        password(MARTIN_PER, MARTIN_PASSWORD);
        password(CARDIOLOGY, "the-org-box-own-password");
        password(APP, "the-app-box-own-password");
        password(PATIENT, PATIENT_PASSWORD);
    }

    Directory directory() {
        return directory;
    }

    InMemoryDirectoryStore store() {
        return store;
    }

    LoginDirectory personal(String address, BoxType type, IdNat holder, Instant created, BoxStatus status) {
        store.putBox(new Box(BoxAddress.parse(address), type, Optional.of(holder), Optional.empty(), Optional.empty(),
            Set.of(), false, status, created, "", ""));
        return this;
    }

    LoginDirectory organisational(String address, IdNat responsible, Set<IdNat> members) {
        store.putBox(new Box(BoxAddress.parse(address), BoxType.ORG, Optional.empty(), Optional.of(HOSPITAL),
            Optional.of(responsible), members, false, BoxStatus.ACTIVE, CREATED, "", ""));
        return this;
    }

    void password(String login, String password) {
        store.setPasswordHash(BoxAddress.parse(login), new PlainPasswords().hash(password));
    }

    /** From now on every read of the store fails, as when the LDAP server cannot be reached. */
    void becomeUnreachable() {
        store.fault((operation, key) -> new DirectoryUnavailableException("directory unreachable (" + operation + ")",
            null));
    }

    /** Passwords the tests can read back: what the directory checks is a match, not how a hash is made. */
    private static final class PlainPasswords implements PasswordScheme {
        @Override
        public String hash(String password) {
            return "test$" + password;
        }

        @Override
        public boolean verify(String password, String storedHash) {
            return storedHash.equals(hash(password));
        }
    }
}
