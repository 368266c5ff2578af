package fr.caducee.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;
import fr.caducee.domain.documents.AnsSamples;
import fr.caducee.domain.documents.AnsSamples.Sample;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Luhn;
import fr.caducee.records.access.AccessMode;
import fr.caducee.records.access.AccessRefusal;
import fr.caducee.records.access.AccessRequest;
import fr.caducee.records.access.Reader;
import fr.caducee.server.storage.SchemaMigrations;
import fr.caducee.server.storage.TestDatabase;
import fr.caducee.webmail.port.Download;
import fr.caducee.webmail.port.PatientRecord;
import fr.caducee.webmail.port.RecordEntry;
import fr.caducee.webmail.port.Viewer;

/**
 * The record as the webmail shows it, on a real PostgreSQL with ANS's samples deposited through the store: what is
 * listed and downloaded, hidden from a representative, traced as the API traces a patient's read, and the patient's
 * choices applied by the access rules the API uses.
 */
class SharedRecordViewTest {
    @RegisterExtension
    static final TestDatabase DATABASE = new TestDatabase(8);
    static RecordFixture fixture;

    /** DRIM-M's imaging report as a document hidden from legal representatives, in a set of its own. */
    static final byte[] HIDDEN_FROM_REPRESENTATIVES = AnsSamples.replace(AnsSamples.replace(AnsSamples.replace(
            AnsSamples.replace(Sample.DRIMM_IMAGING.bytes(), "<confidentialityCode code=\"N\"",
                "<confidentialityCode code=\"INVISIBLE_REP_LEGAUX\""),
            "1.2.250.1.213.4.5.4.407", "1.2.250.1.213.4.5.4.9001"),
            "D52DE737-001D-4031-B571-0A0ED7C42300", "0B2C6F2E-5C1A-4E7B-9A55-3E1F2D4C5B6A"),
        "<title>CR d’imagerie médicale</title>", "<title>Compte rendu confidentiel</title>");

    private final PatientRecord record = fixture.view();

    @BeforeAll
    static void record() {
        SchemaMigrations.apply(DATABASE.dataSource());
        fixture = new RecordFixture(DATABASE.dataSource());
    }

    @AfterAll
    static void closeSpool() {
        fixture.close();
    }

    @BeforeEach
    void emptyRecord() throws Exception {
        DATABASE.execute("DELETE FROM record_access; DELETE FROM record_reader; DELETE FROM record_blocked_reader; "
            + "DELETE FROM record_patient; DELETE FROM record_deposit; DELETE FROM record_document; "
            + "DELETE FROM caducee_spool");
        fixture.audit.clear();
    }

    @Test
    void thePatientSeesTheirCurrentDocumentsNewestFirstWithTypeAuthorAndWhetherAPdfComesWithThem() throws Exception {
        String imaging = fixture.deposit(AnsSamples.registrable(Sample.IMAGING)).get(0);
        String lab = fixture.deposit(AnsSamples.registrable(Sample.BIO)).get(0);
        String drimm = fixture.deposit(Sample.DRIMM_IMAGING.bytes()).get(0);

        List<RecordEntry> documents = record.documents(fixture.self());

        assertThat(documents).extracting(RecordEntry::id).containsExactly(drimm, lab, imaging);
        assertThat(documents).extracting(RecordEntry::hasPdf).containsExactly(false, true, true);
        RecordEntry hip = documents.get(2);
        assertThat(hip.title()).isEqualTo("Radio de hanche");
        assertThat(hip.type()).isEqualTo("Compte rendu d'imagerie");
        assertThat(documents.get(1).type()).isEqualTo("Compte rendu de biologie");
        assertThat(hip.author().name()).isEqualTo("Dr Eric THOMAS");
        assertThat(hip.author().profession()).contains("Médecin - Radio-diagnostic");
        assertThat(hip.author().structure()).contains("CHU Exemple");
        assertThat(hip.author().address()).isEqualTo(RecordFixture.RADIOLOGIST_BOX);
        assertThat(hip.created()).isBefore(hip.deposited());
    }

    @Test
    void aReplacedDocumentIsListedByItsCurrentVersionOnly() throws Exception {
        fixture.deposit(AnsSamples.registrable(Sample.IMAGING));
        String v2 = fixture.deposit(AnsSamples.registrable(Sample.IMAGING_V2)).get(0);

        assertThat(record.documents(fixture.self())).extracting(RecordEntry::id).containsExactly(v2);
    }

    @Test
    void theDownloadIsThePdfRenditionWhenTheDocumentCarriesOne() throws Exception {
        String imaging = fixture.deposit(AnsSamples.registrable(Sample.IMAGING)).get(0);
        String lab = fixture.deposit(AnsSamples.registrable(Sample.BIO)).get(0);

        Download hip = record.download(fixture.self(), imaging).orElseThrow();
        Download bio = record.download(fixture.self(), lab).orElseThrow();

        assertThat(hip.mediaType()).isEqualTo("application/pdf");
        assertThat(hip.fileName()).isEqualTo("Radio de hanche.pdf");
        assertThat(new String(hip.content(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(bio.mediaType()).isEqualTo("application/pdf");
        assertThat(bio.fileName()).isEqualTo("Compte rendu d'examens biologiques.pdf");
    }

    @Test
    void aDocumentWithoutPdfIsDownloadedAsTheCdaItself() throws Exception {
        String drimm = fixture.deposit(Sample.DRIMM_IMAGING.bytes()).get(0);

        Download cda = record.download(fixture.self(), drimm).orElseThrow();

        assertThat(cda.mediaType()).isEqualTo("text/xml");
        assertThat(cda.fileName()).isEqualTo("CR d’imagerie médicale.xml");
        assertThat(cda.content()).isEqualTo(Sample.DRIMM_IMAGING.bytes());
    }

    @Test
    void everyReadByThePatientIsTracedAsTheApiTracesAPatientsRead() throws Exception {
        String imaging = fixture.deposit(AnsSamples.registrable(Sample.IMAGING)).get(0);

        record.download(fixture.self(), imaging);

        assertThat(DATABASE.text("SELECT action || ' ' || reader || ' ' || reader_box || ' ' || mode || ' ' || "
            + "document_id FROM record_access WHERE action = 'read'"))
            .isEqualTo("read " + RecordFixture.PATIENT.matricule() + " " + fixture.self().loginAddress() + " patient "
                + imaging);
        assertThat(fixture.audit).filteredOn(record -> "record-read-patient".equals(record.rule())).singleElement()
            .satisfies(record -> {
                assertThat(record.decision()).isEqualTo(Decision.RECORD_ACCESSED);
                assertThat(record.via()).isEqualTo("webmail");
                assertThat(record.login()).isEqualTo(fixture.self().loginAddress());
                assertThat(record.recipients()).containsExactly(RecordFixture.PATIENT.matricule());
            });
        assertThat(DATABASE.count("SELECT count(*) FROM record_reader")).isZero();
    }

    @Test
    void listingTheDocumentsIsTracedAsASearch() throws Exception {
        fixture.deposit(AnsSamples.registrable(Sample.IMAGING));

        record.documents(fixture.self());

        assertThat(DATABASE.count("SELECT count(*) FROM record_access WHERE action = 'search' AND mode = 'patient'"))
            .isEqualTo(1);
        assertThat(fixture.audit).extracting(AuditRecord::rule).contains("record-search-patient");
    }

    @Test
    void anUnknownAWithdrawnOrAnotherPatientsDocumentIsNotThereAndNothingIsTraced() throws Exception {
        String imaging = fixture.deposit(AnsSamples.registrable(Sample.IMAGING)).get(0);
        DATABASE.execute("UPDATE record_document SET status = 'deleted' WHERE id = '" + imaging + "'");
        String lab = fixture.deposit(AnsSamples.registrable(Sample.BIO)).get(0);
        Viewer stranger = Viewer.self(fixture.patient(RecordFixture.STRANGER));

        assertThat(record.download(fixture.self(), UUID.randomUUID().toString())).isEmpty();
        assertThat(record.download(fixture.self(), "../" + lab)).isEmpty();
        assertThat(record.download(fixture.self(), imaging)).isEmpty();
        assertThat(record.download(stranger, lab)).isEmpty();
        assertThat(record.documents(fixture.self())).extracting(RecordEntry::id).containsExactly(lab);
        assertThat(DATABASE.count("SELECT count(*) FROM record_access WHERE action = 'read'")).isZero();
    }

    @Test
    void aDocumentHiddenFromRepresentativesDoesNotExistForTheParent() throws Exception {
        String hidden = fixture.deposit(HIDDEN_FROM_REPRESENTATIVES).get(0);
        String imaging = fixture.deposit(AnsSamples.registrable(Sample.IMAGING)).get(0);

        assertThat(record.documents(fixture.self())).extracting(RecordEntry::id).containsExactly(imaging, hidden);
        assertThat(record.documents(fixture.parent())).extracting(RecordEntry::id).containsExactly(imaging);
        assertThat(record.download(fixture.parent(), hidden)).isEmpty();
        assertThat(record.download(fixture.self(), hidden)).isPresent();
    }

    @Test
    void aRepresentativesReadIsTracedInTheirOwnNameAndIsNoProfessionalsFirstAccess() throws Exception {
        String imaging = fixture.deposit(AnsSamples.registrable(Sample.IMAGING)).get(0);

        assertThat(record.download(fixture.parent(), imaging)).isPresent();

        assertThat(DATABASE.text("SELECT reader || ' ' || reader_box || ' ' || mode FROM record_access "
            + "WHERE action = 'read'")).isEqualTo(RecordFixture.PARENT.matricule() + " " + fixture.parent().loginAddress()
                + " patient");
        assertThat(fixture.audit).filteredOn(record -> "record-read-patient".equals(record.rule())).singleElement()
            .extracting(AuditRecord::login).isEqualTo(fixture.parent().loginAddress());
        assertThat(DATABASE.count("SELECT count(*) FROM record_reader")).isZero();
    }

    @Test
    void theAccessLogNamesEachReaderWithTheModeAndTheJustification() throws Exception {
        String imaging = fixture.deposit(AnsSamples.registrable(Sample.IMAGING)).get(0);
        record.download(fixture.self(), imaging);
        fixture.trace.read(RecordFixture.PATIENT.matricule(), UUID.fromString(imaging), new AccessRequest(
            new Reader.Professional(RecordFixture.DOCTOR.value(), "10", RecordFixture.DOCTOR_BOX, Optional.empty()),
            AccessMode.EMERGENCY, Optional.of("patiente inconsciente aux urgences")), "127.0.0.1", "api");

        List<RecordEntry.Access> log = record.accesses(fixture.self(), 10);

        assertThat(log).hasSize(2);
        RecordEntry.Access emergency = log.get(0);
        assertThat(emergency.reader().name()).isEqualTo("Dr Claire MEDIONI");
        assertThat(emergency.reader().profession()).contains("Médecin");
        assertThat(emergency.mode()).isEqualTo("emergency");
        assertThat(emergency.justification()).contains("patiente inconsciente aux urgences");
        assertThat(emergency.document()).contains("Radio de hanche");
        RecordEntry.Access own = log.get(1);
        assertThat(own.reader().name()).isEqualTo("Dominique PAT-TROIS");
        assertThat(own.mode()).isEqualTo("patient");
        assertThat(fixture.audit).extracting(AuditRecord::rule).contains("record-log-read");
    }

    @Test
    void theAccessLogDoesNotTellARepresentativeWhichHiddenDocumentWasRead() throws Exception {
        String hidden = fixture.deposit(HIDDEN_FROM_REPRESENTATIVES).get(0);
        record.download(fixture.self(), hidden);

        assertThat(record.accesses(fixture.self(), 10)).singleElement().extracting(RecordEntry.Access::document)
            .isEqualTo(Optional.of("Compte rendu confidentiel"));
        assertThat(record.accesses(fixture.parent(), 10)).singleElement().extracting(RecordEntry.Access::document)
            .isEqualTo(Optional.empty());
    }

    @Test
    void emergencyAccessRefusedInTheWebmailIsRefusedToProfessionalsByTheRecordsRules() throws Exception {
        record.allowEmergencyAccess(fixture.self(), false);

        Optional<AccessRefusal> refusal = fixture.rules.openRecord(new AccessRequest(
                new Reader.Professional(RecordFixture.DOCTOR.value(), "10", RecordFixture.DOCTOR_BOX, Optional.empty()),
                AccessMode.EMERGENCY, Optional.of("urgence")), RecordFixture.PATIENT.matricule(),
            fixture.tables.choices(RecordFixture.PATIENT.matricule()));

        assertThat(refusal).hasValueSatisfying(given -> assertThat(given.rule()).isEqualTo("record-emergency-refused"));
        assertThat(record.choices(fixture.self()).emergencyAccessAllowed()).isFalse();
        record.allowEmergencyAccess(fixture.self(), true);
        assertThat(record.choices(fixture.self()).emergencyAccessAllowed()).isTrue();
    }

    @Test
    void aProfessionalBlockedInTheWebmailIsBlockedByTheRecordsRulesUntilUnblocked() throws Exception {
        AccessRequest doctor = AccessRequest.normal(
            new Reader.Professional(RecordFixture.DOCTOR.value(), "10", RecordFixture.DOCTOR_BOX, Optional.empty()));

        assertThat(record.block(fixture.self(), RecordFixture.DOCTOR)).isTrue();

        assertThat(fixture.rules.openRecord(doctor, RecordFixture.PATIENT.matricule(),
            fixture.tables.choices(RecordFixture.PATIENT.matricule())))
            .hasValueSatisfying(given -> assertThat(given.rule()).isEqualTo("record-reader-blocked"));
        assertThat(record.choices(fixture.self()).blocked()).singleElement().satisfies(blocked -> {
            assertThat(blocked.idNat()).isEqualTo(RecordFixture.DOCTOR);
            assertThat(blocked.professional().name()).isEqualTo("Dr Claire MEDIONI");
        });
        record.unblock(fixture.self(), RecordFixture.DOCTOR);
        assertThat(fixture.rules.openRecord(doctor, RecordFixture.PATIENT.matricule(),
            fixture.tables.choices(RecordFixture.PATIENT.matricule()))).isEmpty();
    }

    @Test
    void eachChoiceIsAuditedWithThePersonAtTheScreen() {
        record.allowEmergencyAccess(fixture.parent(), false);
        record.block(fixture.self(), RecordFixture.DOCTOR);

        assertThat(fixture.audit).filteredOn(record -> "record-settings-changed".equals(record.rule()))
            .extracting(AuditRecord::login, AuditRecord::via)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(fixture.parent().loginAddress(), "webmail"),
                org.assertj.core.groups.Tuple.tuple(fixture.self().loginAddress(), "webmail"));
    }

    @Test
    void aProfessionalTheDirectoryDoesNotKnowCannotBeBlocked() throws Exception {
        assertThat(record.block(fixture.self(), IdNat.parse("8" + Luhn.withCheckDigit("1000000001")))).isFalse();
        assertThat(DATABASE.count("SELECT count(*) FROM record_blocked_reader")).isZero();
    }

    @Test
    void aPatientTheDirectoryDoesNotRecordAsRepresentativeOpensNothing() throws Exception {
        fixture.deposit(AnsSamples.registrable(Sample.IMAGING));
        Viewer intruder = new Viewer(fixture.patient(RecordFixture.STRANGER), fixture.patient(RecordFixture.PATIENT));

        assertThatThrownBy(() -> record.documents(intruder)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> record.block(intruder, RecordFixture.DOCTOR)).isInstanceOf(IllegalStateException.class);
        assertThat(DATABASE.count("SELECT count(*) FROM record_access")).isZero();
    }
}
