package fr.caducee.rules.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.documents.DocumentEntry;
import fr.caducee.domain.documents.PatientId;
import fr.caducee.domain.documents.XdmFixtures;

class DocumentHeadersTest {
    private static final DocumentEntry LETTER = entry("Document01", "11490-0", XdmFixtures.QUALIFIED_INS);
    private static final DocumentEntry LAB = entry("Document02", "11502-2", XdmFixtures.QUALIFIED_INS);
    private static final DocumentEntry LAB_BAD_KEY = entry("Document02", "11502-2", XdmFixtures.BAD_KEY_INS);

    @Test
    void headersMatchingTheMetadataAreKeptAsTheyAre() {
        DocumentHeaders.Verdict verdict = DocumentHeaders.check(new String[] {"11490-0", "11502-2"}, new String[] {"O"}, List.of(LETTER, LAB));

        assertThat(verdict.refusal()).isEmpty();
        assertThat(verdict.codesToAdd()).isEmpty();
        assertThat(verdict.insToAdd()).isEmpty();
    }

    @Test
    void commaSeparatedCodesAndRepeatsAreTheSameSet() {
        assertThat(DocumentHeaders.check(new String[] {" 11502-2 , 11490-0", "11490-0"}, new String[] {"o"}, List.of(LETTER, LAB))
            .refusal()).isEmpty();
    }

    @Test
    void aCodeTheArchiveDoesNotHoldIsAContradiction() {
        DocumentHeaders.Verdict verdict = DocumentHeaders.check(new String[] {"11490-0", "34112-3"}, new String[] {"O"}, List.of(LETTER));

        assertThat(verdict.refusal()).hasValue("X-MSS-CODECDA says 11490-0, 34112-3 but METADATA.XML in IHE_XDM.ZIP gives the "
            + "type code 11490-0: write one X-MSS-CODECDA header per type code of the archive's documents, or leave them out "
            + "and they are set from the archive");
    }

    @Test
    void aMissingCodeIsAContradiction() {
        assertThat(DocumentHeaders.check(new String[] {"11490-0"}, new String[] {"O"}, List.of(LETTER, LAB)).refusal())
            .hasValueSatisfying(sentence -> assertThat(sentence).contains("type codes 11490-0, 11502-2"));
    }

    @Test
    void insFlagOWhenADocumentsInsHasABadKeyIsAContradictionNamingIt() {
        assertThat(DocumentHeaders.check(new String[] {"11490-0", "11502-2"}, new String[] {"O"}, List.of(LETTER, LAB_BAD_KEY)).refusal())
            .hasValueSatisfying(sentence -> assertThat(sentence)
                .startsWith("X-MSS-INS says O but METADATA.XML in IHE_XDM.ZIP gives the document Document02 the patient id "
                    + "146026322000197^^^&1.2.250.1.213.1.4.8&ISO, which is not a qualified INS")
                .contains("expected 96")
                .endsWith("write X-MSS-INS: N, or leave it out and it is set from the archive"));
    }

    @Test
    void insFlagNWhenEveryDocumentHasAQualifiedInsIsAContradiction() {
        assertThat(DocumentHeaders.check(new String[] {"11490-0"}, new String[] {"N"}, List.of(LETTER)).refusal())
            .hasValue("X-MSS-INS says N but every document in METADATA.XML in IHE_XDM.ZIP has a qualified INS as patient id: "
                + "write X-MSS-INS: O, or leave it out and it is set from the archive");
    }

    @Test
    void insFlagNForADocumentWithoutPatientIdIsRight() {
        DocumentEntry anonymous = new DocumentEntry("Document01", Optional.of("11490-0"), Optional.empty());

        assertThat(DocumentHeaders.check(new String[] {"11490-0"}, new String[] {"N"}, List.of(anonymous)).refusal()).isEmpty();
        assertThat(DocumentHeaders.check(new String[] {"11490-0"}, new String[] {"O"}, List.of(anonymous)).refusal())
            .hasValueSatisfying(sentence -> assertThat(sentence).contains("no patient id"));
    }

    @Test
    void anInsFlagOtherThanOOrNIsRefused() {
        assertThat(DocumentHeaders.check(null, new String[] {"oui"}, List.of(LETTER)).refusal())
            .hasValueSatisfying(sentence -> assertThat(sentence).startsWith("X-MSS-INS says OUI: its value is O"));
        assertThat(DocumentHeaders.check(null, new String[] {"O", "N"}, List.of(LETTER)).refusal())
            .hasValueSatisfying(sentence -> assertThat(sentence).contains("different values (O, N)"));
    }

    @Test
    void absentOrBlankHeadersAreToBeAddedFromTheMetadata() {
        DocumentHeaders.Verdict verdict = DocumentHeaders.check(new String[] {" "}, null, List.of(LETTER, LAB_BAD_KEY, LAB));

        assertThat(verdict.refusal()).isEmpty();
        assertThat(verdict.codesToAdd()).containsExactly("11490-0", "11502-2");
        assertThat(verdict.insToAdd()).contains("N");
    }

    @Test
    void aDocumentWithoutTypeCodeIsRefused() {
        DocumentEntry untyped = new DocumentEntry("Document01", Optional.empty(), Optional.empty());

        assertThat(DocumentHeaders.check(null, null, List.of(untyped)).refusal())
            .hasValueSatisfying(sentence -> assertThat(sentence).contains("gives the document Document01 no typeCode"));
    }

    @Test
    void valuesFromTheSenderAreQuotedOnOneLine() {
        assertThat(DocumentHeaders.check(new String[] {"11490-0\u0007\u00e9"}, null, List.of(LETTER)).refusal())
            .hasValueSatisfying(sentence -> assertThat(sentence).startsWith("X-MSS-CODECDA says 11490-0?? but"));
    }

    private static DocumentEntry entry(String id, String typeCode, String patientId) {
        return new DocumentEntry(id, Optional.of(typeCode), Optional.of(PatientId.parse(patientId)));
    }
}
