package fr.caducee.server.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.domain.model.Professional;
import fr.caducee.records.DocumentAction;
import fr.caducee.records.DocumentDeposit;
import fr.caducee.records.notice.NewDocumentNotice;

class PatientNoticesTest {
    static final Ins INS = Ins.parse("146026322000196");
    static final IdNat AUTHOR = IdNat.parse("810000005479");

    private final Directory directory = mock(Directory.class);
    private final PatientNotices notices = new PatientNotices(directory, new NewDocumentNotice("dmp@chu.localhost"));

    @Test
    void eachNewDocumentIsToldToThePatientsBoxButNeitherInvisibleToThemOrTheirRepresentativesNorWithdrawnNorKnownOnes() throws Exception {
        when(directory.patient(INS)).thenReturn(Optional.of(new Patient(INS, "Durand", "Paul",
            Optional.of(LocalDate.of(1946, 2, 14)), PatientAddress.of(INS, "chu.localhost"), BoxStatus.ACTIVE,
            Instant.EPOCH, List.of())));
        when(directory.professional(AUTHOR)).thenReturn(Optional.of(
            new Professional(AUTHOR, "DR", "Martin", "Claire", "10", "Médecin", "", "")));

        List<PatientNotices.Notice> told = notices.noticesFor(new Handling.Integrated(List.of(
            document("Compte rendu de biologie", DocumentAction.NEW, Set.of("N"), false),
            document("Caché au patient", DocumentAction.NEW, Set.of("INVISIBLE_PATIENT"), false),
            document("Caché aux représentants légaux", DocumentAction.NEW, Set.of("N", "INVISIBLE_REP_LEGAUX"), false),
            document("Retiré", DocumentAction.DELETE, Set.of("N"), false),
            document("Déjà là", DocumentAction.NEW, Set.of("N"), true),
            document("Nouvelle version", DocumentAction.REPLACE, Set.of("MASQUE_PS"), false))), Instant.EPOCH);

        assertThat(told).extracting(PatientNotices.Notice::patientBox).containsOnly("146026322000196@patient.chu.localhost");
        assertThat(told).extracting(notice -> (String) notice.message().getContent())
            .hasSize(2)
            .anySatisfy(text -> assertThat(text).contains("« Compte rendu de biologie »").contains("Dr Claire Martin, Médecin"))
            .anySatisfy(text -> assertThat(text).contains("« Nouvelle version »"));
    }

    @Test
    void aPatientWithoutABoxHereIsNotToldByMail() throws Exception {
        when(directory.patient(INS)).thenReturn(Optional.empty());

        assertThat(notices.noticesFor(new Handling.Integrated(List.of(
            document("Compte rendu", DocumentAction.NEW, Set.of("N"), false))), Instant.EPOCH)).isEmpty();
    }

    private static Handling.Document document(String title, DocumentAction action, Set<String> codes, boolean known) {
        return new Handling.Document(UUID.randomUUID(), new DocumentDeposit("id-" + title, "set", 1, action,
            action == DocumentAction.NEW ? Optional.empty() : Optional.of("previous"), INS.matricule(),
            Ins.NIR_OID, AUTHOR.value(), "11502-2", title, codes, Optional.empty(), "text/xml",
            "<ClinicalDocument/>".getBytes(StandardCharsets.UTF_8)), known);
    }
}
