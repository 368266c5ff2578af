package fr.caducee.gateway.report;

import static fr.caducee.gateway.AnsMessages.cda;
import static fr.caducee.gateway.AnsMessages.text;
import static fr.caducee.gateway.AnsMessages.utf8;
import static fr.caducee.gateway.AnsMessages.withDocument;
import static fr.caducee.gateway.AnsMessages.withField;
import static fr.caducee.gateway.AnsMessages.withSegmentAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import fr.caducee.domain.identifier.Ins;
import fr.caducee.gateway.AnsMessages;
import fr.caducee.gateway.message.Hl7Reader;
import fr.caducee.gateway.message.Hl7Refusal;
import fr.caducee.rules.Rule;

class DocumentReaderTest {
    private static final byte[] BIO = cda("bio/SEGUR_CR-BIO_2023.01_Electrophorese.xml");
    private static final byte[] BIO_V2 = cda("bio/SEGUR_CR_Bio_CDA_Niv3_v2.xml");
    private static final byte[] IMAGING = cda("imaging/CR_Radio_CDAN1_v1.XML");
    private static final byte[] IMAGING_V2 = cda("imaging/CR_Radio_CDAN1_v2.XML");
    private static final String ORU = withDocument(text("oru/initial.hl7"), BIO);
    private static final String MDM = withDocument(text("mdm/initial.er7"), IMAGING);
    private final Hl7Reader hl7 = new Hl7Reader();
    private final DocumentReader reader = new DocumentReader();

    @Test
    void ansOruIsReadWithItsTwoDocumentsFlagsRecipientsAndSender() throws Exception {
        DocumentMessage oru = read(ORU);

        assertThat(oru.patient().ins()).contains(Ins.parse("279035121518989"));
        assertThat(oru.documents()).hasSize(2).allSatisfy(document -> {
            assertThat(document.typeCode()).isEqualTo("11502-2");
            assertThat(document.typeLabel()).isEqualTo("CR d'examens biologiques");
            assertThat(document.mediaType()).isEqualTo("text/xml");
            assertThat(document.content()).isEqualTo(BIO);
            assertThat(document.action()).isEqualTo(DocumentAction.NEW);
        });
        MetaFlags flags = oru.flags();
        assertThat(flags.toRecord()).isTrue();
        assertThat(flags.toProfessionals()).isTrue();
        assertThat(flags.toPatient()).isTrue();
        assertThat(flags.hiddenFromProfessionals()).isFalse();
        assertThat(flags.invisibleToPatient()).isFalse();
        assertThat(flags.invisibleToRepresentatives()).isFalse();
        assertThat(flags.receptionReceipt()).isTrue();
        assertThat(flags.readingReceipt()).isTrue();
        assertThat(flags.bodyForPatient()).isEmpty();
        assertThat(flags.patientMayNotReply()).isFalse();
        assertThat(oru.recipients()).hasSize(2);
        ReportRecipient doctor = oru.recipients().get(0);
        assertThat(doctor.address()).isEqualTo("adam.hoda@test-ci-sis.mssante.fr");
        assertThat(doctor.identifier()).contains("801234567897");
        assertThat(doctor.family()).isEqualTo("Hoda");
        assertThat(doctor.given()).isEqualTo("Adam");
        assertThat(doctor.patient()).isFalse();
        ReportRecipient patient = oru.recipients().get(1);
        assertThat(patient.address()).isEqualTo("279035121518989@patient.mssante.fr");
        assertThat(patient.identifier()).contains("279035121518989");
        assertThat(patient.patient()).isTrue();
        assertThat(oru.replyTo()).contains("adam.hoda@test-ci-sis.mssante.fr");
        assertThat(oru.author()).contains("801234567866");
    }

    @Test
    void ansTruncatedBase64BodyIsReadAsFarAsItGoes() throws Exception {
        assertThat(read(ORU).flags().bodyForProfessionals())
            .contains("Cher confrère, vous trouverez ci-joint le CR d’imagerie de M.Dupon");
    }

    @Test
    void aBodyCutInsideACharacterLosesOnlyThatCharacter() throws Exception {
        String cut = Base64.getEncoder().withoutPadding().encodeToString(
            "Madame, voici le résultat".getBytes(StandardCharsets.UTF_8)).substring(0, 26);
        String message = ORU.replaceFirst("CORPSMAIL_PS\\^Corps du mail pour un PS\\^MetaDMPMSS\\|\\|\\^TEXT\\^\\^Base64"
            + "\\^[A-Za-z0-9+/=]+", "CORPSMAIL_PS^Corps du mail pour un PS^MetaDMPMSS||^TEXT^^Base64^" + cut);

        assertThat(read(message).flags().bodyForProfessionals()).contains("Madame, voici le r");
    }

    @Test
    void ansOruAsPublishedIsRefusedBecauseItsPlaceholderIsNoCda() {
        assertThatThrownBy(() -> read(text("oru/initial.hl7"))).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_DOCUMENT_UNREADABLE);
            assertThat(refusal.location()).isEqualTo("OBX^1^5");
            assertThat(refusal.sentence()).contains("OBX-5 of OBX 1").contains("not well-formed XML");
        });
    }

    @Test
    void ansOruReplacementAndDeletionAreReadWithTheirActions() throws Exception {
        DocumentMessage replacement = read(withDocument(text("oru/replacement.er7"), BIO_V2));
        DocumentMessage deletion = read(withDocument(text("oru/deletion.er7"), BIO_V2));

        assertThat(replacement.documents()).extracting(ReportDocument::action)
            .containsOnly(DocumentAction.REPLACEMENT);
        assertThat(replacement.flags().receptionReceipt()).isFalse();
        assertThat(deletion.documents()).extracting(ReportDocument::action).containsOnly(DocumentAction.DELETION);
    }

    @Test
    void ansMdmWithItsCdaInsideIsReadWithCweFlags() throws Exception {
        DocumentMessage mdm = reader.read(hl7.read(AnsMessages.bytes("mdm/initial-base64.er7")));

        assertThat(mdm.patient().ins()).contains(Ins.parse("274075176079430"));
        assertThat(mdm.documents()).singleElement().satisfies(document -> {
            assertThat(document.typeCode()).isEqualTo("18748-4");
            assertThat(document.action()).isEqualTo(DocumentAction.NEW);
            assertThat(new String(document.content(), StandardCharsets.UTF_8)).contains("ClinicalDocument");
        });
        assertThat(mdm.flags().toRecord()).isTrue();
        assertThat(mdm.flags().toProfessionals()).isTrue();
        assertThat(mdm.flags().toPatient()).isFalse();
        assertThat(mdm.flags().invisibleToPatient()).isTrue();
        assertThat(mdm.flags().invisibleToRepresentatives()).isTrue();
        assertThat(mdm.flags().bodyForProfessionals())
            .contains("Cher confrère, vous trouverez ci-joint le CR d’imagerie de M.Dupont");
        assertThat(mdm.recipients()).extracting(ReportRecipient::address)
            .containsExactly("adam.hoda@test-ci-sis.mssante.fr");
        assertThat(mdm.author()).contains("801234564895");
    }

    @ParameterizedTest
    @CsvSource({"mdm/replacement.er7,REPLACEMENT", "mdm/deletion.er7,DELETION"})
    void ansMdmReplacementAndDeletionAreReadWithTheirActions(String name, DocumentAction action) throws Exception {
        DocumentMessage mdm = read(withDocument(text(name), IMAGING_V2));

        assertThat(mdm.documents()).singleElement().extracting(ReportDocument::action).isEqualTo(action);
    }

    @Test
    void withoutSenderPrtTheAuthorIsTxaTwentyTwo() throws Exception {
        String message = MDM.replace("PRT||UC||SB^^HL70912", "PRT||UC||XX^^HL70912");

        assertThat(read(message).author()).contains("801234564895");
    }

    @Test
    void aDocumentCodedInTheAnsTerminologyIsADocumentToo() throws Exception {
        String message = ORU.replace("11502-2^CR d'examens biologiques^LN||^TEXT", "11502-2^CR d'examens "
            + "biologiques^TRE_A05||^TEXT");

        assertThat(read(message).documents()).hasSize(2);
    }

    @Test
    void anAbsentFlagIsNo() throws Exception {
        String noReceipt = String.join("\r", java.util.Arrays.stream(ORU.split("\r"))
            .filter(s -> !s.contains("ACK_RECEPTION")).toList());

        assertThat(read(ORU).flags().receptionReceipt()).isTrue();
        assertThat(read(noReceipt).flags().receptionReceipt()).isFalse();
    }

    @Test
    void aFinNoteAfterThePatientFlagMeansThePatientMayNotReply() throws Exception {
        String message = ORU.replace("DESTMSSANTEPAT^Destinataire Patient^MetaDMPMSS||Y^^expandedYes-NoIndicator"
            + "||||||F|", "DESTMSSANTEPAT^Destinataire Patient^MetaDMPMSS||Y^^expandedYes-NoIndicator||||||F|\r"
            + "NTE|1||Fin de la conversation|FIN");

        assertThat(read(message).flags().patientMayNotReply()).isTrue();
    }

    @Test
    void aDocumentHiddenFromThePatientAndSentToThePatientIsRefusedAsContradictory() {
        String message = flag(ORU, "INVISIBLE_PATIENT", "Y");

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_INCONSISTENT);
            assertThat(refusal.sentence()).contains("INVISIBLE_PATIENT").contains("DESTMSSANTEPAT");
        });
    }

    @Test
    void aDocumentHiddenFromThePatientGoesToProfessionals() throws Exception {
        DocumentMessage message = read(flag(flag(ORU, "INVISIBLE_PATIENT", "Y"), "DESTMSSANTEPAT", "N"));

        assertThat(message.flags().invisibleToPatient()).isTrue();
        assertThat(message.flags().toPatient()).isFalse();
    }

    @Test
    void aDocumentMaskedFromProfessionalsAndSentToThemIsRefusedAsContradictory() {
        assertThatThrownBy(() -> read(flag(ORU, "MASQUE_PS", "Y"))).isInstanceOfSatisfying(Hl7Refusal.class,
            refusal -> {
                assertThat(refusal.rule()).isEqualTo(Rule.HL7_INCONSISTENT);
                assertThat(refusal.sentence()).contains("MASQUE_PS");
            });
    }

    @Test
    void anOrderControlThatDisagreesWithTheDocumentsStatusIsRefused() {
        String message = withField(ORU, "ORC", 1, "RO");

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_INCONSISTENT);
            assertThat(refusal.sentence()).contains("ORC-1 RO").contains("(F)");
        });
    }

    @Test
    void anMdmEventThatDisagreesWithTheDocumentsStatusIsRefused() {
        String message = withField(MDM, "MSH", 9, "MDM^T10^MDM_T02");

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(Hl7Refusal.class,
            refusal -> assertThat(refusal.sentence()).contains("MDM^T10"));
    }

    @Test
    void aPatientRecipientWhoIsNotThePatientIsRefused() {
        String message = ORU.replace("^^X.400^279035121518989@patient.mssante.fr",
            "^^X.400^146026322000196@patient.mssante.fr");

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_INCONSISTENT);
            assertThat(refusal.sentence()).contains("146026322000196");
        });
    }

    @Test
    void theRecordNeedsTheInsOfThePatient() {
        String message = withField(ORU, "PID", 3, "405660^^^CHU-X&000897406&M^PI");

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_REQUIRED_FIELD);
            assertThat(refusal.location()).isEqualTo("PID^1^3");
            assertThat(refusal.sentence()).contains("DESTDMP").contains("INS");
        });
    }

    @Test
    void anInsWithAWrongKeyIsRefusedSayingWhy() {
        String message = ORU.replace("279035121518989^^^ASIP-SANTE-INS-NIR", "279035121518988^^^ASIP-SANTE-INS-NIR");

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_REQUIRED_FIELD);
            assertThat(refusal.sentence()).contains("279035121518988").contains("key");
        });
    }

    @Test
    void thePatientsBoxNeedsTheInsToo() {
        String message = flag(withField(ORU, "PID", 3, "405660^^^CHU-X&000897406&M^PI"), "DESTDMP", "N");

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(Hl7Refusal.class,
            refusal -> assertThat(refusal.sentence()).contains("DESTMSSANTEPAT"));
    }

    @Test
    void aDocumentForProfessionalsOnlyNeedsNoIns() throws Exception {
        String message = flag(flag(withField(ORU, "PID", 3, "405660^^^CHU-X&000897406&M^PI"), "DESTDMP", "N"),
            "DESTMSSANTEPAT", "N");

        assertThat(read(message).patient().ins()).isEmpty();
    }

    @Test
    void professionalsAsDestinationNeedAProfessionalRecipient() {
        String onlyPatient = String.join("\r", java.util.Arrays.stream(ORU.split("\r"))
            .filter(s -> !s.contains("adam.hoda@test-ci-sis.mssante.fr") || s.contains("REPLY")).toList());

        assertThatThrownBy(() -> read(onlyPatient)).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_REQUIRED_FIELD);
            assertThat(refusal.sentence()).contains("DESTMSSANTEPS");
        });
    }

    @Test
    void aRecipientWithoutAddressIsRefusedAtItsPrt() {
        String message = ORU.replace("^^X.400^adam.hoda@test-ci-sis.mssante.fr\rPRT||UC||RCT", "\rPRT||UC||RCT");

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_REQUIRED_FIELD);
            assertThat(refusal.location()).isEqualTo("PRT^2^15");
        });
    }

    @Test
    void aRecipientWithAMalformedAddressIsRefused() {
        String message = ORU.replace("^^X.400^adam.hoda@test-ci-sis.mssante.fr\rPRT||UC||RCT",
            "^^X.400^adam hoda@test-ci-sis.mssante.fr\rPRT||UC||RCT");

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.location()).isEqualTo("PRT^2^15");
            assertThat(refusal.sentence()).contains("space");
        });
    }

    @Test
    void aFlagThatIsNeitherYesNorNoIsRefused() {
        String message = ORU.replace("DESTDMP^Destinataire DMP^MetaDMPMSS||Y^", "DESTDMP^Destinataire DMP^MetaDMPMSS||"
            + "OUI^");

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_REQUIRED_FIELD);
            assertThat(refusal.location()).isEqualTo("OBX^8^5");
        });
    }

    @Test
    void aDocumentThatIsNotBase64IsUnreadable() {
        String message = ORU.replaceFirst("\\^TEXT\\^XML\\^Base64\\^[A-Za-z0-9+/=]+", "^TEXT^XML^Base64^<xml>");

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_DOCUMENT_UNREADABLE);
            assertThat(refusal.sentence()).contains("not Base64");
        });
    }

    @Test
    void xmlThatIsNotACdaIsUnreadable() {
        String message = withDocument(text("oru/initial.hl7"), "<html><body>CR</body></html>".getBytes(
            StandardCharsets.UTF_8));

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_DOCUMENT_UNREADABLE);
            assertThat(refusal.sentence()).contains("not an HL7 CDA R2 document");
        });
    }

    @Test
    void aCdaDeclaringADoctypeIsUnreadable() {
        String cda = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
            + "<ClinicalDocument xmlns=\"urn:hl7-org:v3\">&e;</ClinicalDocument>";

        assertThatThrownBy(() -> read(withDocument(text("oru/initial.hl7"), cda.getBytes(StandardCharsets.UTF_8))))
            .isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
                assertThat(refusal.rule()).isEqualTo(Rule.HL7_DOCUMENT_UNREADABLE);
                assertThat(refusal.sentence()).contains("DOCTYPE");
            });
    }

    @Test
    void aPdfIsNotADocumentTheGatewayTakes() {
        String message = ORU.replaceFirst("\\^TEXT\\^XML\\^Base64\\^", "^AP^PDF^Base64^");

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_DOCUMENT_UNREADABLE);
            assertThat(refusal.sentence()).contains("PDF");
        });
    }

    @Test
    void aStatusOtherThanNewReplacementOrDeletionIsRefused() {
        String message = ORU.replaceFirst("(OBX\\|1\\|ED\\|[^\r]*)\\|\\|\\|\\|\\|\\|F\\|", "$1||||||P|");

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_REQUIRED_FIELD);
            assertThat(refusal.location()).isEqualTo("OBX^1^11");
        });
    }

    @Test
    void aMessageWithoutDocumentIsRefused() {
        String message = String.join("\r", java.util.Arrays.stream(ORU.split("\r"))
            .filter(s -> !s.contains("^LN||^TEXT")).toList());

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_REQUIRED_FIELD);
            assertThat(refusal.sentence()).contains("no document");
        });
    }

    @Test
    void aMessageWithoutPatientIsRefused() {
        assertThatThrownBy(() -> read(AnsMessages.without(ORU, "PID"))).isInstanceOfSatisfying(Hl7Refusal.class,
            refusal -> assertThat(refusal.location()).isEqualTo("PID^1"));
    }

    @Test
    void aNoteElsewhereDoesNotCloseTheConversation() throws Exception {
        assertThat(read(withSegmentAfter(ORU, "OBR", "NTE|1||remarque|FIN")).flags().patientMayNotReply()).isFalse();
    }

    /** The message with a MetaDMPMSS flag set to a value. */
    private static String flag(String message, String code, String value) {
        return message.replaceAll("(" + code + "\\^[^^]*\\^MetaDMPMSS\\|\\|)[YN]\\^", "$1" + value + "^");
    }

    private DocumentMessage read(String text) throws Hl7Refusal {
        return reader.read(hl7.read(utf8(text)));
    }
}
