package fr.caducee.gateway.message;

import static fr.caducee.gateway.AnsMessages.text;
import static fr.caducee.gateway.AnsMessages.utf8;
import static fr.caducee.gateway.AnsMessages.withField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import ca.uhn.hl7v2.model.GenericSegment;
import ca.uhn.hl7v2.model.v25.message.ADT_A01;
import ca.uhn.hl7v2.model.v25.message.ADT_A03;
import ca.uhn.hl7v2.model.v25.message.ORU_R01;
import ca.uhn.hl7v2.model.v26.message.MDM_T02;
import fr.caducee.gateway.AnsMessages;
import fr.caducee.rules.Rule;

class Hl7ReaderTest {
    private final Hl7Reader reader = new Hl7Reader();

    @Test
    void ansAdmissionIsReadWithItsHeaderAsWrittenAndItsZSegmentsKept() throws Exception {
        Inbound inbound = reader.read(AnsMessages.bytes("pam/admission.er7"));

        Header header = inbound.header();
        assertThat(header.sendingApplication()).isEqualTo("GAM");
        assertThat(header.sendingFacility()).isEqualTo("CHU-X");
        assertThat(header.receivingApplication()).isEqualTo("DPI");
        assertThat(header.messageType()).isEqualTo("ADT^A01^ADT_A01");
        assertThat(header.messageCode()).isEqualTo("ADT");
        assertThat(header.triggerEvent()).isEqualTo("A01");
        assertThat(header.controlId()).isEqualTo("3975");
        assertThat(header.processingId()).isEqualTo("D");
        assertThat(header.version()).isEqualTo("2.5");
        assertThat(header.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(inbound.message()).isInstanceOf(ADT_A01.class);
        assertThat(Segments.of(inbound.message())).extracting(Segments::name)
            .containsExactly("MSH", "EVN", "PID", "PV1", "ZBE", "ZFA");
        assertThat(Segments.named(Segments.of(inbound.message()), "ZBE").get(0).segment())
            .isInstanceOf(GenericSegment.class);
    }

    @Test
    void theTextHandedOnHasItsSegmentsSeparatedByCarriageReturnsWhateverTheFileUsed() throws Exception {
        String lf = new String(AnsMessages.bytes("pam/admission.er7"), StandardCharsets.UTF_8).replace("\r", "");
        String crlf = lf.replace("\n", "\r\n");

        assertThat(reader.read(utf8(lf)).text()).isEqualTo(text("pam/admission.er7")).doesNotContain("\n");
        assertThat(reader.read(utf8(crlf)).text()).isEqualTo(text("pam/admission.er7"));
        assertThat(reader.read(utf8(text("pam/admission.er7"))).text()).isEqualTo(text("pam/admission.er7"));
    }

    @Test
    void ansDischargeIsAnAdtA03() throws Exception {
        assertThat(reader.read(AnsMessages.bytes("pam/sortie.er7")).message()).isInstanceOf(ADT_A03.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"oru/initial.hl7", "oru/replacement.er7", "oru/deletion.er7"})
    void ansResultMessagesAreOru25WithTheirPrtSegmentsKeptAfterTheDocument(String name) throws Exception {
        Inbound inbound = reader.read(AnsMessages.bytes(name));

        assertThat(inbound.message()).isInstanceOf(ORU_R01.class);
        assertThat(inbound.header().version()).isEqualTo("2.5");
        assertThat(Segments.of(inbound.message())).extracting(Segments::name).containsSubsequence(
            "PID", "PV1", "ORC", "OBR", "OBX", "PRT", "PRT", "PRT", "PRT", "OBX");
    }

    @ParameterizedTest
    @CsvSource({"mdm/initial.er7,T02", "mdm/initial-base64.er7,T02", "mdm/replacement.er7,T10",
        "mdm/deletion.er7,T04"})
    void ansDocumentMessagesAreMdm26(String name, String event) throws Exception {
        Inbound inbound = reader.read(AnsMessages.bytes(name));

        assertThat(inbound.message()).isInstanceOf(MDM_T02.class);
        assertThat(inbound.header().version()).isEqualTo("2.6");
        assertThat(inbound.header().triggerEvent()).isEqualTo(event);
        assertThat(Segments.named(Segments.of(inbound.message()), "PRT")).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"oru/initial-ack.hl7", "mdm/replacement-ack.er7"})
    void acknowledgementsAreTaken(String name) throws Exception {
        assertThat(reader.read(AnsMessages.bytes(name)).header().messageCode()).isEqualTo("ACK");
    }

    @Test
    void version251IsReadWithThe25Structures() throws Exception {
        String text = withField(text("pam/admission.er7"), "MSH", 12, "2.5.1^FRA^2.11");

        Inbound inbound = reader.read(utf8(text));

        assertThat(inbound.header().version()).isEqualTo("2.5.1");
        assertThat(inbound.message()).isInstanceOf(ADT_A01.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.4", "2.7", "3.0", ""})
    void anotherVersionIsRefusedWithTheHeaderToAnswerIt(String version) {
        String text = withField(text("pam/admission.er7"), "MSH", 12, version);

        assertThatThrownBy(() -> reader.read(utf8(text))).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_UNSUPPORTED_VERSION);
            assertThat(refusal.location()).isEqualTo("MSH^1^12");
            assertThat(refusal.header()).hasValueSatisfying(h -> assertThat(h.controlId()).isEqualTo("3975"));
            assertThat(refusal.sentence()).contains("2.5").contains("2.6");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIU^S12^SIU_S12", "ORU^R30", "MDM^T01", "ADT", "QBP^Q22"})
    void aTypeTheGatewayDoesNotTakeIsRefused(String type) {
        String text = withField(text("pam/admission.er7"), "MSH", 9, type);

        assertThatThrownBy(() -> reader.read(utf8(text))).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_UNSUPPORTED_TYPE);
            assertThat(refusal.location()).isEqualTo("MSH^1^9");
            assertThat(refusal.sentence()).contains(type);
        });
    }

    @Test
    void anAdtEventTheGatewayDoesNotActOnIsStillReadSoThatItCanBeAcknowledged() throws Exception {
        String text = withField(text("pam/admission.er7"), "MSH", 9, "ADT^A31^ADT_A05");

        assertThat(reader.read(utf8(text)).header().triggerEvent()).isEqualTo("A31");
    }

    @Test
    void aMessageWithoutControlIdIsRefusedAsMissingARequiredField() {
        String text = withField(text("pam/admission.er7"), "MSH", 10, "");

        assertThatThrownBy(() -> reader.read(utf8(text))).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_REQUIRED_FIELD);
            assertThat(refusal.location()).isEqualTo("MSH^1^10");
            assertThat(refusal.header()).isPresent();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "PID|||1", "\u000bMSH|^~\\&|", "EVN||2024\rMSH|^~\\&|A"})
    void somethingThatDoesNotBeginWithMshIsUnparseableWithNothingToAddressTheAnswer(String payload) {
        assertThatThrownBy(() -> reader.read(utf8(payload))).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_UNPARSEABLE);
            assertThat(refusal.header()).isEmpty();
            assertThat(refusal.sentence()).contains("MSH");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"MSH|^~|A|B", "MSH|^~\\^|A|B|C", "MSHA^~\\&A", "MSH|^~\\"})
    void delimitersThatCannotBeReadAreRefused(String payload) {
        assertThatThrownBy(() -> reader.read(utf8(payload))).isInstanceOfSatisfying(Hl7Refusal.class,
            refusal -> assertThat(refusal.rule()).isEqualTo(Rule.HL7_UNPARSEABLE));
    }

    @Test
    void otherDelimitersAreReadAndTheHeaderIsKeptWithTheStandardOnes() throws Exception {
        String text = "MSH#$*!@#GAM#CHU-X$000897406$M#DPI#CHU-X#20240306111154##ADT$A04$ADT_A01#1#P#2.5#####FRA#"
            + "UNICODE UTF-8\rEVN##20240306111154\rPID#1##000003$$$CHU-X@000897406@N$PI##NOM$PRENOM\rPV1#1#E";

        Inbound inbound = reader.read(utf8(text));

        assertThat(inbound.header().sendingFacility()).isEqualTo("CHU-X^000897406^M");
        assertThat(inbound.header().messageType()).isEqualTo("ADT^A04^ADT_A01");
        assertThat(Segments.named(Segments.of(inbound.message()), "PID").get(0).value(5, 2)).isEqualTo("PRENOM");
    }

    @Test
    void aCharacterSetTheGatewayDoesNotReadIsRefused() {
        String text = withField(text("pam/admission.er7"), "MSH", 18, "UNICODE UTF-16");

        assertThatThrownBy(() -> reader.read(utf8(text))).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_ENCODING_MISMATCH);
            assertThat(refusal.location()).isEqualTo("MSH^1^18");
            assertThat(refusal.sentence()).contains("UNICODE UTF-16");
        });
    }

    @Test
    void latin1BytesInAMessageThatDeclaresUtf8AreRefusedAtTheFieldTheyAreIn() {
        String text = text("pam/admission.er7").replace("PAT-TROIS^DOMINIQUE", "PAT-TROIS^HÉLÈNE");

        assertThatThrownBy(() -> reader.read(text.getBytes(StandardCharsets.ISO_8859_1)))
            .isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
                assertThat(refusal.rule()).isEqualTo(Rule.HL7_ENCODING_MISMATCH);
                assertThat(refusal.location()).isEqualTo("PID^1^5");
                assertThat(refusal.sentence()).contains("0xC9").contains("PID-5").contains("UNICODE UTF-8");
                assertThat(refusal.header()).hasValueSatisfying(header -> {
                    assertThat(header.controlId()).isEqualTo("3975");
                    assertThat(header.charset()).isEqualTo(StandardCharsets.US_ASCII);
                });
            });
    }

    @Test
    void utf8BytesInAMessageThatDeclares8859AreRefused() {
        String text = withField(text("pam/admission.er7"), "MSH", 18, "8859/1").replace("PAT-TROIS^DOMINIQUE",
            "PAT-TROIS^HÉLÈNE");

        assertThatThrownBy(() -> reader.read(utf8(text))).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_ENCODING_MISMATCH);
            assertThat(refusal.location()).isEqualTo("PID^1^5");
            assertThat(refusal.sentence()).contains("UTF-8").contains("8859/1");
        });
    }

    @Test
    void windows1252QuotesInAMessageThatDeclares8859AreRefused() {
        String text = withField(text("pam/admission.er7"), "MSH", 18, "8859/15").replace("28 Av de Breteuil",
            "28 Av de l\u2019Op\u00e9ra");

        assertThatThrownBy(() -> reader.read(text.getBytes(Charset.forName("windows-1252"))))
            .isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
                assertThat(refusal.rule()).isEqualTo(Rule.HL7_ENCODING_MISMATCH);
                assertThat(refusal.sentence()).contains("0x92").contains("PID-11");
            });
    }

    @Test
    void aMessageIn885915IsDecodedInThatSet() throws Exception {
        String text = withField(text("pam/admission.er7"), "MSH", 18, "8859/15").replace("PAT-TROIS^DOMINIQUE",
            "PAT-TROIS^HÉLÈNE").replace("28 Av de Breteuil", "28 Av de l'Œuvre");

        Inbound inbound = reader.read(text.getBytes(Charset.forName("ISO-8859-15")));

        assertThat(inbound.header().charset()).isEqualTo(Charset.forName("ISO-8859-15"));
        assertThat(inbound.text()).contains("HÉLÈNE").contains("l'Œuvre");
        Segments pid = Segments.named(Segments.of(inbound.message()), "PID").get(0);
        assertThat(pid.value(5, 2)).isEqualTo("HÉLÈNE");
    }

    @Test
    void anEmptyCharacterSetIsAsciiAsHl7SaysSoAnAsciiMessageIsRead() throws Exception {
        String text = withField(text("pam/admission.er7"), "MSH", 18, "");

        assertThat(reader.read(utf8(text)).header().charset()).isEqualTo(StandardCharsets.US_ASCII);
    }

    @Test
    void anEmptyCharacterSetWithAccentsIsRefusedAskingToDeclareTheSet() {
        String text = withField(text("pam/admission.er7"), "MSH", 18, "").replace("DOMINIQUE^DOMINIQUE",
            "DOMINIQUE^HÉLÈNE");

        assertThatThrownBy(() -> reader.read(utf8(text))).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_ENCODING_MISMATCH);
            assertThat(refusal.sentence()).contains("MSH-18 is empty").contains("declare");
        });
    }

    @Test
    void escapesAreUndoneInTheParsedMessage() throws Exception {
        String text = text("pam/admission.er7").replace("28 Av de Breteuil", "28 Av de Breteuil \\T\\ Cie");

        Segments pid = Segments.named(Segments.of(reader.read(utf8(text)).message()), "PID").get(0);

        assertThat(pid.value(11, 1)).isEqualTo("28 Av de Breteuil & Cie");
    }

    @Test
    void oneReaderReadsFromSeveralConnectionsAtOnce() throws Exception {
        List<String> names = List.of("pam/admission.er7", "oru/initial.hl7", "mdm/initial.er7", "pam/sortie.er7");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<String>> reads = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String name = names.get(i % names.size());
                reads.add(pool.submit(() -> name + " " + Segments.of(reader.read(AnsMessages.bytes(name)).message())
                    .size()));
            }
            for (int i = 0; i < reads.size(); i++) {
                String name = names.get(i % names.size());
                int expected = Segments.of(new Hl7Reader().read(AnsMessages.bytes(name)).message()).size();
                assertThat(reads.get(i).get()).isEqualTo(name + " " + expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMessageHapiCannotParseIsRefusedWithTheHeader() {
        String text = text("pam/admission.er7") + "\rP|broken";

        assertThatThrownBy(() -> reader.read(utf8(text))).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_UNPARSEABLE);
            assertThat(refusal.header()).isPresent();
        });
    }
}
