package fr.caducee.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.model.Professional;

class SharedRecordViewNamesTest {
    @Test
    void aDownloadIsNamedAfterTheDocumentsTitleWithNothingAPathCouldUse() {
        assertThat(SharedRecordView.fileName("Compte rendu d'examens biologiques"))
            .isEqualTo("Compte rendu d'examens biologiques");
        assertThat(SharedRecordView.fileName("../../etc/passwd")).isEqualTo("etc passwd");
        assertThat(SharedRecordView.fileName("CR\r\nContent-Type: text/html")).isEqualTo("CR Content-Type text html");
        assertThat(SharedRecordView.fileName("///")).isEqualTo("document");
        assertThat(SharedRecordView.fileName("x".repeat(200))).hasSize(80);
    }

    @Test
    void commonDocumentTypesAreNamedInFrenchAndOthersByTheirCode() {
        assertThat(DocumentTypes.label("11490-0")).isEqualTo("Lettre de liaison de sortie d'hospitalisation");
        assertThat(DocumentTypes.label("15507-7")).isEqualTo("Compte rendu de passage aux urgences");
        assertThat(DocumentTypes.label("99999-9")).isEqualTo("99999-9");
    }

    @Test
    void aProfessionalIsNamedAsPeopleWriteTheirTitle() {
        Professional doctor = new Professional(IdNat.parse("810000005479"), "DR", "MARTIN", "Marie", "10", "Médecin",
            "", "Cardiologie");
        Professional pharmacist = new Professional(IdNat.parse("810000005479"), "", "Durand", "", "21", "", "", "");

        assertThat(Correspondents.name(doctor)).isEqualTo("Dr Marie MARTIN");
        assertThat(Correspondents.profession(doctor)).contains("Médecin - Cardiologie");
        assertThat(Correspondents.name(pharmacist)).isEqualTo("Durand");
        assertThat(Correspondents.profession(pharmacist)).isEmpty();
    }
}
