package fr.caducee.records.deposit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import fr.caducee.domain.directory.CachedDirectory;
import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.PasswordScheme;
import fr.caducee.domain.directory.store.InMemoryDirectoryStore;
import fr.caducee.domain.documents.AnsSamples;
import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.Luhn;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

/**
 * The directory the deposit checks read, over the in-memory store with the server's cache in front: ANS's test
 * patient, the samples' authors (check digits put right), and boxes of two hospitals.
 */
final class DepositDirectory {
    static final String OPERATOR = "caducee.test";
    static final StructureId HOSPITAL = Finess.parse(Luhn.withCheckDigit("75000001"));
    static final StructureId OTHER_HOSPITAL = Finess.parse(Luhn.withCheckDigit("13000002"));
    /** The imaging department's software, which deposits the samples. */
    static final String RIS_BOX = "ris@chu-exemple.caducee.test";
    /** The same hospital's lab software. */
    static final String LAB_BOX = "sgl@chu-exemple.caducee.test";
    /** Another hospital's software. */
    static final String OTHER_BOX = "dpi@ch-autre.caducee.test";
    /** A registered doctor who wrote none of the samples. */
    static final String OTHER_AUTHOR = "810000005479";
    private static final Instant CREATED = Instant.parse("2026-01-05T09:00:00Z");

    private final InMemoryDirectoryStore store = new InMemoryDirectoryStore();
    private final Directory directory = new CachedDirectory(store, domain -> true, new NoPasswords(),
        new CachedDirectory.CacheSettings(Duration.ofMillis(2), 1_000));

    DepositDirectory() {
        store.putStructure(new Structure(HOSPITAL, "CHU Exemple", "", "", ""));
        store.putStructure(new Structure(OTHER_HOSPITAL, "CH Autre", "", "", ""));
        applicationBox(RIS_BOX, HOSPITAL);
        applicationBox(LAB_BOX, HOSPITAL);
        applicationBox(OTHER_BOX, OTHER_HOSPITAL);
        professional(AnsSamples.IMAGING_AUTHOR_REGISTRABLE, "THOMAS");
        professional(AnsSamples.BIO_AUTHOR_REGISTRABLE, "CAMPARINI");
        professional(AnsSamples.DRIMM_AUTHOR, "BIDEAULT");
        professional(OTHER_AUTHOR, "MEDIONI");
        patient(AnsSamples.PATIENT_INS, AnsSamples.PATIENT_FAMILY_NAME, Optional.of(LocalDate.parse(AnsSamples.PATIENT_BIRTH_DATE)));
    }

    Directory directory() {
        return directory;
    }

    DepositDirectory patient(String ins, String lastName, Optional<LocalDate> birthDate) {
        Ins parsed = Ins.parse(ins);
        store.putPatient(new Patient(parsed, lastName, "", birthDate, PatientAddress.of(parsed, OPERATOR),
            BoxStatus.ACTIVE, CREATED, List.of()));
        return this;
    }

    private void professional(String idNat, String lastName) {
        store.putProfessional(new Professional(IdNat.parse(idNat), "DR", lastName, "", "10", "Médecin", "", ""));
    }

    private void applicationBox(String address, StructureId structure) {
        store.putBox(new Box(BoxAddress.parse(address), BoxType.APP, Optional.empty(), Optional.of(structure),
            Optional.empty(), Set.of(), false, BoxStatus.ACTIVE, CREATED, "", ""));
    }

    private static final class NoPasswords implements PasswordScheme {
        @Override
        public String hash(String password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean verify(String password, String storedHash) {
            return false;
        }
    }
}
