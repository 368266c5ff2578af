package fr.caducee.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import fr.caducee.directory.ldap.Pbkdf2Password;
import fr.caducee.domain.directory.CachedDirectory;
import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.PasswordScheme;
import fr.caducee.domain.directory.store.InMemoryDirectoryStore;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.domain.model.Professional;
import fr.caducee.server.directory.DirectoryPasswords;

/** Patients' logins against the directory's hashes, over the in-memory store and the cache the server uses. */
class DirectoryPatientAccountsTest {
    static final String DOMAIN = "chu.localhost";
    static final Instant CREATED = Instant.parse("2026-01-05T09:00:00Z");
    static final String PASSWORD = "un mot de passe de patient";

    private final InMemoryDirectoryStore store = new InMemoryDirectoryStore();
    private final PasswordScheme scheme = new PasswordScheme() {
        @Override
        public String hash(String password) {
            return Pbkdf2Password.hash(password, 1_000);
        }

        @Override
        public boolean verify(String password, String storedHash) {
            return Pbkdf2Password.verify(password, storedHash);
        }
    };
    private final Directory directory = new CachedDirectory(store, domain -> true, scheme,
        new CachedDirectory.CacheSettings(Duration.ofSeconds(30), 1_000));
    private final DirectoryPatientAccounts accounts =
        new DirectoryPatientAccounts(directory, new DirectoryPasswords(store, directory, scheme));

    @Test
    void aPatientLogsInWithTheDirectorysPasswordAndNothingElse() {
        Patient patient = patient("146026322000196", BoxStatus.ACTIVE);

        assertThat(accounts.authenticate(patient.boxAddress(), PASSWORD)).contains(patient);
        assertThat(accounts.authenticate(patient.boxAddress(), "pas le bon")).isEmpty();
        assertThat(accounts.authenticate(BoxAddress.parse("179129900012371@patient." + DOMAIN), PASSWORD)).isEmpty();
        assertThat(accounts.patient(patient.boxAddress())).contains(patient);
    }

    @Test
    void aSuspendedPatientDoesNotLogIn() {
        Patient suspended = patient("269029912345614", BoxStatus.SUSPENDED);

        assertThat(accounts.authenticate(suspended.boxAddress(), PASSWORD)).isEmpty();
        assertThat(accounts.patient(suspended.boxAddress())).isEmpty();
    }

    @Test
    void aProfessionalsBoxIsNoLoginHereWhateverItsPassword() {
        IdNat gp = IdNat.parse("810000005479");
        store.putProfessional(new Professional(gp, "DR", "DURAND", "Marie", "10", "Médecin", "", ""));
        BoxAddress box = BoxAddress.parse("dr.durand@" + DOMAIN);
        store.putBox(new Box(box, BoxType.PER, Optional.of(gp), Optional.empty(), Optional.empty(), Set.of(), false,
            BoxStatus.ACTIVE, CREATED, "", ""));
        store.setPasswordHash(box, scheme.hash(PASSWORD));

        assertThat(directory.authenticate(box, PASSWORD)).as("the password itself is right").isTrue();
        assertThat(accounts.authenticate(box, PASSWORD)).isEmpty();
        assertThat(accounts.patient(box)).isEmpty();
    }

    @Test
    void aNewPasswordIsSetOnceTheCurrentOneIsCheckedAndHashedAsTheDirectoryHashes() {
        Patient patient = patient("285017512345656", BoxStatus.ACTIVE);
        String next = "un nouveau mot de passe bien long";

        assertThat(accounts.changePassword(patient, "pas le bon", next)).isFalse();
        assertThat(accounts.changePassword(patient, PASSWORD, "court")).isFalse();
        assertThat(accounts.changePassword(patient, PASSWORD, next)).isTrue();

        assertThat(store.passwordHash(patient.boxAddress())).hasValueSatisfying(hash ->
            assertThat(hash).startsWith(Pbkdf2Password.SCHEME));
        assertThat(accounts.authenticate(patient.boxAddress(), next)).contains(patient);
        assertThat(accounts.authenticate(patient.boxAddress(), PASSWORD)).isEmpty();
    }

    @Test
    void aPatientTheDirectoryRecordsNoChildForRepresentsNoOne() {
        assertThat(accounts.represented(patient("179129900012371", BoxStatus.ACTIVE))).isEmpty();
    }

    private Patient patient(String ins, BoxStatus status) {
        Ins id = Ins.parse(ins);
        Patient patient = new Patient(id, "MARTIN", "Paul", Optional.empty(), PatientAddress.of(id, DOMAIN), status,
            CREATED, List.of());
        store.putPatient(patient);
        store.setPasswordHash(patient.boxAddress(), scheme.hash(PASSWORD));
        return patient;
    }
}
