package fr.caducee.domain.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.domain.directory.store.DirectoryRefusal;
import fr.caducee.domain.directory.store.InMemoryDirectoryStore;
import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.Siret;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Dispensing;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

class LdifImportTest {

    static final String BASE = "dc=caducee,dc=example";
    static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
    static final IdNat DOCTOR = IdNat.parse("810000005479");
    static final IdNat PHARMACIST = IdNat.parse("810000005487");
    static final Finess CHU = Finess.parse("690781810");
    static final Siret PHARMACY = Siret.parse("73282932000074");
    static final Ins INS = Ins.parse("146026322000196");
    static final BoxAddress DOCTOR_BOX = BoxAddress.parse("dupont.jean@caducee.example");
    static final BoxAddress WARD_BOX = BoxAddress.parse("cardiologie@caducee.example");
    static final BoxAddress DPI_BOX = BoxAddress.parse("dpi@caducee.example");

    static final String CONTAINERS = """
            version: 1

            # Containers: no record of ours, skipped.
            dn: dc=caducee,dc=example
            objectClass: top
            objectClass: domain
            dc: caducee

            dn: ou=boxes,dc=caducee,dc=example
            objectClass: organizationalUnit
            ou: boxes
            """;
    // Boxes and patients come before what they refer to: the import orders them itself.
    static final String BOXES = """
            dn: mail=dupont.jean@caducee.example,ou=boxes,dc=caducee,dc=example
            objectClass: cadBox
            mail: dupont.jean@caducee.example
            cadBoxType: PER
            cadIdNat: 810000005479
            cadStructureId: 1690781810
            cadStatus: active
            cadCreated: 20240115103000Z
            cadService: Cardiologie
            userPassword: {SSHA}c2VjcmV0c2FsdA==

            dn: mail=cardiologie@caducee.example,ou=boxes,dc=caducee,dc=example
            objectClass: cadBox
            mail: cardiologie@caducee.example
            cadBoxType: ORG
            cadStructureId: 1690781810
            cadResponsible: 810000005479
            cadMember: 810000005487
            cadListeRouge: TRUE
            cadStatus: suspended
            cadCreated: 20240201000000Z

            dn: mail=dpi@caducee.example,ou=boxes,dc=caducee,dc=example
            objectClass: cadBox
            mail: dpi@caducee.example
            cadBoxType: APP
            cadStructureId: 1690781810
            cadSoftwareRef: DPI-CHU/4.2
            cadStatus: active
            cadCreated: 20240301000000Z
            """;
    static final String PATIENT = """
            dn: cadIns=146026322000196,ou=patients,dc=caducee,dc=example
            objectClass: cadPatient
            cadIns: 146026322000196
            sn: MARTIN
            givenName: Louise
            cadBirthDate: 1946-02-13
            mail: 146026322000196@patient.caducee.example
            cadDispensing: 373282932000074 2026-01-20
            userPassword: {SSHA}cGF0aWVudHNhbHQ=
            """;
    static final String PEOPLE = """
            dn: cadIdNat=810000005479,ou=people,dc=caducee,dc=example
            objectClass: cadProfessional
            cadIdNat: 810000005479
            sn: DUPONT
            givenName: Jean
            cadTitle: DR
            cadProfessionCode: 10
            cadProfessionLabel: Médecin

            dn: cadIdNat=810000005487,ou=people,dc=caducee,dc=example
            objectClass: cadProfessional
            cadIdNat: 810000005487
            sn: MARTIN
            givenName: Claire
            cadProfessionCode: 21

            dn: cadStructureId=1690781810,ou=structures,dc=caducee,dc=example
            objectClass: cadStructure
            cadStructureId: 1690781810
            o: CENTRE HOSPITALIER UNIVERSITAIRE DE LYON
            cadTradeName: CHU de Lyon
            postalCode: 69002
            l: LYON

            dn: cadStructureId=373282932000074,ou=structures,dc=caducee,dc=example
            objectClass: cadStructure
            cadStructureId: 373282932000074
            o: PHARMACIE MARTIN
            """;

    final InMemoryDirectoryStore store = new InMemoryDirectoryStore();
    @TempDir
    Path dir;

    Path ldif(String... parts) throws IOException {
        Path file = dir.resolve("directory.ldif");
        Files.writeString(file, String.join("\n", parts), StandardCharsets.UTF_8);
        return file;
    }

    ImportReport run(Path file) throws Exception {
        return new LdifImport(store, BASE, ImportOptions.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC)))
                .run(file);
    }

    /** The line of the first occurrence of {@code text} in the file. */
    static long lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text);
    }

    @Test
    void importsEveryRecordInReferenceOrderThenChangesNothing() throws Exception {
        Path file = ldif(CONTAINERS, BOXES, PATIENT, PEOPLE);

        ImportReport first = run(file);

        assertThat(first.rejections()).isEmpty();
        assertThat(first.read()).isEqualTo(10);
        assertThat(first.skipped()).isEqualTo(2);
        assertThat(first.applied()).isEqualTo(8);
        assertThat(first.professionals()).isEqualTo(new ImportReport.Counts(2, 0, 0));
        assertThat(first.structures()).isEqualTo(new ImportReport.Counts(2, 0, 0));
        assertThat(first.boxes()).isEqualTo(new ImportReport.Counts(3, 0, 0));
        assertThat(first.patients()).isEqualTo(new ImportReport.Counts(1, 0, 0));
        assertThat(store.professional(DOCTOR)).contains(new Professional(DOCTOR, "DR", "DUPONT", "Jean", "10",
                "Médecin", "", ""));
        assertThat(store.structure(CHU)).contains(new Structure(CHU, "CENTRE HOSPITALIER UNIVERSITAIRE DE LYON",
                "CHU de Lyon", "69002", "LYON"));
        assertThat(store.box(WARD_BOX)).contains(new Box(WARD_BOX, BoxType.ORG, Optional.empty(), Optional.of(CHU),
                Optional.of(DOCTOR), Set.of(PHARMACIST), true, BoxStatus.SUSPENDED,
                Instant.parse("2024-02-01T00:00:00Z"), "", ""));
        assertThat(store.box(DPI_BOX).orElseThrow().softwareRef()).isEqualTo("DPI-CHU/4.2");
        assertThat(store.box(DOCTOR_BOX).orElseThrow().created()).isEqualTo(Instant.parse("2024-01-15T10:30:00Z"));
        assertThat(store.passwordHash(DOCTOR_BOX)).contains("{SSHA}c2VjcmV0c2FsdA==");
        Patient patient = store.patient(INS).orElseThrow();
        assertThat(patient.dispensings()).containsExactly(new Dispensing(PHARMACY, LocalDate.parse("2026-01-20")));
        assertThat(patient.birthDate()).contains(LocalDate.parse("1946-02-13"));
        assertThat(patient.created()).isEqualTo(NOW);
        assertThat(store.passwordHash(patient.boxAddress())).contains("{SSHA}cGF0aWVudHNhbHQ=");

        long writes = store.writes();
        ImportReport second = run(file);

        assertThat(second.rejections()).isEmpty();
        assertThat(second.boxes()).isEqualTo(new ImportReport.Counts(0, 0, 3));
        assertThat(second.patients()).isEqualTo(new ImportReport.Counts(0, 0, 1));
        assertThat(second.professionals()).isEqualTo(new ImportReport.Counts(0, 0, 2));
        assertThat(second.structures()).isEqualTo(new ImportReport.Counts(0, 0, 2));
        assertThat(store.writes()).isEqualTo(writes);
    }

    @Test
    void aSyntaxErrorRefusesTheWholeFileBeforeAnyWrite() throws IOException {
        String broken = PEOPLE.replace("sn: MARTIN\n", "sn MARTIN\n");
        Path file = ldif(CONTAINERS, BOXES, broken);
        long line = lineOf(file, "dn: cadIdNat=810000005487");

        assertThatThrownBy(() -> run(file)).isInstanceOf(ImportRefusedException.class)
                .hasMessageStartingWith("line " + line + ": LDIF syntax error (The record starting at or near line"
                        + " number " + line + " contains a line that does not begin with an attribute name")
                .hasMessageEndingWith("; nothing was imported");
        assertThat(store.writes()).isZero();
    }

    @Test
    void aChangeRecordRefusesTheWholeFile() throws IOException {
        Path file = ldif(PEOPLE, "dn: mail=x@caducee.example,ou=boxes,dc=caducee,dc=example\nchangetype: delete\n");
        long line = lineOf(file, "dn: mail=x@");

        assertThatThrownBy(() -> run(file)).isInstanceOf(ImportRefusedException.class)
                .hasMessage("line " + line + ": mail=x@caducee.example,ou=boxes,dc=caducee,dc=example is a change"
                        + " record (changetype); the import takes entries only; nothing was imported");
        assertThat(store.writes()).isZero();
    }

    @Test
    void aBoxWhoseHolderDoesNotExistIsRejectedAlone() throws Exception {
        String stranger = BOXES.replace("cadIdNat: 810000005479", "cadIdNat: 810000005495");
        Path file = ldif(CONTAINERS, stranger, PEOPLE);
        long line = lineOf(file, "dn: mail=dupont.jean@");

        ImportReport report = run(file);

        assertThat(report.rejections()).containsExactly(new ImportRejection(line, "line " + line
                + ": box dupont.jean@caducee.example refused by the directory: box dupont.jean@caducee.example:"
                + " holder 810000005495 is not in the directory"));
        assertThat(store.box(DOCTOR_BOX)).isEmpty();
        assertThat(store.box(WARD_BOX)).isPresent();
        assertThat(store.box(DPI_BOX)).isPresent();
        assertThat(report.applied()).isEqualTo(6);
    }

    @Test
    void invalidEntriesAreRejectedNamingEachAttribute() throws Exception {
        String entries = """
                dn: cadIdNat=810000005478,ou=people,dc=caducee,dc=example
                objectClass: cadProfessional
                cadIdNat: 810000005478

                dn: mail=x@caducee.example,ou=boxes,dc=caducee,dc=example
                objectClass: cadBox
                mail: x@caducee.example
                cadBoxType: PER
                cadStatus: active
                cadStatus: suspended
                cadCreated: yesterday
                cadListeRouge: maybe

                dn: mail=y@caducee.example,ou=boxes,dc=caducee,dc=example
                objectClass: cadBox
                mail: y@caducee.example
                cadBoxType: PER
                cadStatus: active
                cadCreated: 20240101000000Z

                dn: cadStructureId=1690781810,ou=elsewhere,dc=other,dc=example
                objectClass: cadStructure
                cadStructureId: 1690781810
                o: CHU

                dn: cadIdNat=810000005479,ou=people,dc=caducee,dc=example
                objectClass: cadProfessional
                objectClass: cadPatient
                cadIdNat: 810000005479
                sn: DUPONT
                """;
        Path file = ldif(entries);
        long y = lineOf(file, "dn: mail=y@");
        long elsewhere = lineOf(file, "ou=elsewhere");
        long twoClasses = lineOf(file, "dn: cadIdNat=810000005479");

        ImportReport report = run(file);

        assertThat(report.rejections()).extracting(ImportRejection::reason).containsExactly(
                "line 1 (cadIdNat=810000005478,ou=people,dc=caducee,dc=example): cadIdNat '810000005478' is"
                        + " invalid: RPPS 10000005478 fails the Luhn check (last digit should be 9, found 8); sn is"
                        + " missing",
                "line 5 (mail=x@caducee.example,ou=boxes,dc=caducee,dc=example): cadStatus has 2 values, expected"
                        + " one; cadCreated 'yesterday' is invalid: not a generalized time (YYYYMMDDhhmmssZ);"
                        + " cadListeRouge 'maybe' is invalid: expected TRUE or FALSE",
                "line " + y + " (mail=y@caducee.example,ou=boxes,dc=caducee,dc=example): PER box y@caducee.example"
                        + " must be held by a professional (idNat missing)",
                "line " + elsewhere + " (cadStructureId=1690781810,ou=elsewhere,dc=other,dc=example): not under the"
                        + " base DN dc=caducee,dc=example",
                "line " + twoClasses + " (cadIdNat=810000005479,ou=people,dc=caducee,dc=example): object classes"
                        + " cadProfessional and cadPatient in one entry; an entry describes one record");
        assertThat(store.writes()).isZero();
    }

    @Test
    void aRecordAppearingTwiceIsRejectedAfterTheFirst() throws Exception {
        String again = PEOPLE.substring(0, PEOPLE.indexOf("\n\n")).replace("givenName: Jean", "givenName: Jacques");
        Path file = ldif(PEOPLE, again);
        long line = lineOf(file, "givenName: Jacques") - 4;

        ImportReport report = run(file);

        assertThat(report.rejections()).containsExactly(new ImportRejection(line, "line " + line
                + " (cadIdNat=810000005479,ou=people,dc=caducee,dc=example): professional 810000005479 already"
                + " appears in the entry at line 1"));
        assertThat(store.professional(DOCTOR).orElseThrow().firstName()).isEqualTo("Jean");
    }

    @Test
    void aPasswordThatCannotBeSetUndoesItsBox() throws Exception {
        store.fault((operation, key) -> operation.equals("setPasswordHash") && key.equals(DOCTOR_BOX.address())
                ? new DirectoryRefusal(DirectoryRefusal.Reason.INVALID, "unsupported hash scheme") : null);
        Path file = ldif(CONTAINERS, BOXES, PEOPLE);

        ImportReport report = run(file);

        assertThat(report.rejections()).extracting(ImportRejection::reason).containsExactly("line 13: box"
                + " dupont.jean@caducee.example refused by the directory: unsupported hash scheme");
        assertThat(store.box(DOCTOR_BOX)).isEmpty();
    }

    @Test
    void anExistingBoxKeepsItsCreationDateAndAPatientWithoutOneKeepsItsOwn() throws Exception {
        Instant earlier = Instant.parse("2020-01-01T00:00:00Z");
        store.putProfessional(new Professional(DOCTOR, "DR", "DUPONT", "Jean", "10", "Médecin", "", ""));
        store.putStructure(new Structure(CHU, "CENTRE HOSPITALIER UNIVERSITAIRE DE LYON", "CHU de Lyon", "69002",
                "LYON"));
        store.putStructure(new Structure(PHARMACY, "PHARMACIE MARTIN", "", "", ""));
        store.putBox(new Box(DOCTOR_BOX, BoxType.PER, Optional.of(DOCTOR), Optional.of(CHU), Optional.empty(),
                Set.of(), false, BoxStatus.ACTIVE, earlier, "Cardiologie", ""));
        store.setPasswordHash(DOCTOR_BOX, "{SSHA}c2VjcmV0c2FsdA==");
        store.putPatient(new Patient(INS, "MARTIN", "Louise", Optional.of(LocalDate.parse("1946-02-13")),
                PatientAddress.parse("146026322000196@patient.caducee.example"), BoxStatus.ACTIVE, earlier,
                List.of(new Dispensing(PHARMACY, LocalDate.parse("2026-01-20")))));
        String doctorBox = BOXES.substring(0, BOXES.indexOf("\n\n") + 1);
        String patient = PATIENT.replace("userPassword: {SSHA}cGF0aWVudHNhbHQ=\n", "");

        ImportReport report = run(ldif(doctorBox, patient));

        assertThat(report.rejections()).isEmpty();
        assertThat(report.boxes()).isEqualTo(new ImportReport.Counts(0, 0, 1));
        assertThat(report.patients()).isEqualTo(new ImportReport.Counts(0, 0, 1));
        assertThat(store.box(DOCTOR_BOX).orElseThrow().created()).isEqualTo(earlier);
    }

    @Test
    void refusesAnInvalidBaseDn() {
        assertThatThrownBy(() -> new LdifImport(store, "not a dn", ImportOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("base DN 'not a dn' is not valid");
    }
}
