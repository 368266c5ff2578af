package fr.caducee.gateway.message;

import static fr.caducee.gateway.AnsMessages.text;
import static fr.caducee.gateway.AnsMessages.utf8;
import static fr.caducee.gateway.AnsMessages.withField;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import fr.caducee.gateway.AnsMessages;
import fr.caducee.rules.Rule;

class AcknowledgementsTest {
    private static final Instant NOW = Instant.parse("2021-06-06T07:31:00Z");
    private final Acknowledgements acknowledgements = new Acknowledgements(Clock.fixed(NOW, ZoneOffset.UTC),
        ZoneId.of("Europe/Paris"));
    private final Hl7Reader reader = new Hl7Reader();

    @Test
    void theAcceptanceOfAnsOruHasTheShapeOfAnsAcknowledgement() throws Exception {
        Header oru = reader.read(AnsMessages.bytes("oru/initial.hl7")).header();
        List<String> ans = segments(text("oru/initial-ack.hl7"));

        List<String> ours = segments(new String(acknowledgements.accept(oru), StandardCharsets.UTF_8));

        assertThat(ours).hasSize(2);
        assertSameMshExceptIdAndTime(ours.get(0), ans.get(0));
        assertThat(ours.get(1)).isEqualTo(ans.get(1)).isEqualTo("MSA|AA|015");
    }

    @Test
    void theAcceptanceOfAnsMdmReplacementHasTheShapeOfAnsAcknowledgement() throws Exception {
        Header mdm = reader.read(AnsMessages.bytes("mdm/replacement.er7")).header();
        List<String> ans = segments(text("mdm/replacement-ack.er7"));

        List<String> ours = segments(new String(acknowledgements.accept(mdm), StandardCharsets.UTF_8));

        assertSameMshExceptIdAndTime(ours.get(0), ans.get(0));
        assertThat(ours.get(1)).isEqualTo(ans.get(1));
    }

    @Test
    void mshSevenIsTheTimeOfTheAnswerWithItsOffsetAndMshTenIsOurOwnId() throws Exception {
        Header oru = reader.read(AnsMessages.bytes("oru/initial.hl7")).header();

        String[] first = fields(segments(new String(acknowledgements.accept(oru), StandardCharsets.UTF_8)).get(0));
        String[] second = fields(segments(new String(acknowledgements.accept(oru), StandardCharsets.UTF_8)).get(0));

        assertThat(first[6]).isEqualTo("20210606093100+0200");
        assertThat(first[9]).hasSize(20).isNotEqualTo("015").isNotEqualTo(second[9]);
    }

    @Test
    void anAdmissionIsAnsweredInItsOwnVersionAndEventWithTheFacilityAsWritten() throws Exception {
        Header adt = reader.read(utf8(withField(text("pam/admission.er7"), "MSH", 4, "CHU-X^000897406^M")))
            .header();

        String[] msh = fields(segments(new String(acknowledgements.accept(adt), StandardCharsets.UTF_8)).get(0));

        assertThat(msh[2]).isEqualTo("DPI");
        assertThat(msh[4]).isEqualTo("GAM");
        assertThat(msh[5]).isEqualTo("CHU-X^000897406^M");
        assertThat(msh[8]).isEqualTo("ACK^A01^ACK");
        assertThat(msh[10]).isEqualTo("D");
        assertThat(msh[11]).isEqualTo("2.5");
    }

    @Test
    void aRefusalCarriesMsaAeAndAnErrWithLocationConditionRuleAndSentence() throws Exception {
        Header adt = reader.read(AnsMessages.bytes("pam/admission.er7")).header();
        Hl7Refusal refusal = new Hl7Refusal(Rule.HL7_UNSUPPORTED_VERSION, "MSH-12 gives 2.3", Optional.of(adt),
            "MSH^1^12");

        List<String> ack = segments(new String(acknowledgements.refuse(refusal), StandardCharsets.UTF_8));

        assertThat(ack).hasSize(3);
        assertThat(ack.get(1)).isEqualTo("MSA|AE|3975");
        String[] err = fields(ack.get(2));
        assertThat(err[0]).isEqualTo("ERR");
        assertThat(err[2]).isEqualTo("MSH^1^12");
        assertThat(err[3]).isEqualTo("203^Unsupported version id^HL70357");
        assertThat(err[4]).isEqualTo("E");
        assertThat(err[7]).isEqualTo("hl7-unsupported-version");
        assertThat(err[8]).isEqualTo("MSH-12 gives 2.3");
    }

    @Test
    void aDependencyDownIsAnsweredArSoThatTheHospitalSendsAgain() throws Exception {
        Header adt = reader.read(AnsMessages.bytes("pam/admission.er7")).header();
        Hl7Refusal refusal = new Hl7Refusal(Rule.HL7_DEPENDENCY_UNAVAILABLE, "the directory cannot be reached",
            Optional.of(adt));

        List<String> ack = segments(new String(acknowledgements.refuse(refusal), StandardCharsets.UTF_8));

        assertThat(ack.get(1)).isEqualTo("MSA|AR|3975");
        assertThat(ack.get(2)).startsWith("ERR|||207^Application internal error^HL70357|E|||hl7-dependency-unavailable|");
    }

    @Test
    void theSentenceIsEscapedSoThatItStaysOneField() throws Exception {
        Header adt = reader.read(AnsMessages.bytes("pam/admission.er7")).header();
        String sentence = "PID-3 'A|B^C&D~E\\F' is wrong\r(really)";
        Hl7Refusal refusal = new Hl7Refusal(Rule.HL7_REQUIRED_FIELD, sentence, Optional.of(adt), "PID^1^3");

        byte[] ack = acknowledgements.refuse(refusal);

        String err = segments(new String(ack, StandardCharsets.UTF_8)).get(2);
        assertThat(fields(err)).hasSize(9);
        assertThat(fields(err)[8]).isEqualTo("PID-3 'A\\F\\B\\S\\C\\T\\D\\R\\E\\E\\F' is wrong (really)");
        Inbound read = reader.read(ack);
        assertThat(Segments.named(Segments.of(read.message()), "ERR").get(0).value(8))
            .isEqualTo("PID-3 'A|B^C&D~E\\F' is wrong (really)");
    }

    @Test
    void ourAcknowledgementIsAnHl7MessageHapiReadsBack() throws Exception {
        Header mdm = reader.read(AnsMessages.bytes("mdm/initial.er7")).header();

        Inbound read = reader.read(acknowledgements.accept(mdm));

        assertThat(read.header().messageType()).isEqualTo("ACK^T02^ACK");
        assertThat(read.header().version()).isEqualTo("2.6");
        assertThat(Segments.named(Segments.of(read.message()), "MSA").get(0).value(2)).isEqualTo("015");
    }

    @Test
    void aFrameWithNoReadableHeaderIsAnsweredWithAnEmptyMsaTwoInAscii() {
        Hl7Refusal refusal = new Hl7Refusal(Rule.HL7_FRAMING, "bytes outside a frame", Optional.empty());

        byte[] ack = acknowledgements.refuse(refusal);

        List<String> segments = segments(new String(ack, StandardCharsets.US_ASCII));
        String[] msh = fields(segments.get(0));
        assertThat(msh[8]).isEqualTo("ACK");
        assertThat(msh[11]).isEqualTo("2.5");
        assertThat(msh[17]).isEqualTo("ASCII");
        assertThat(segments.get(1)).isEqualTo("MSA|AE|");
        assertThat(segments.get(2)).startsWith("ERR|||100^Segment sequence error^HL70357|E|||hl7-framing|");
    }

    @Test
    void theAnswerIsEncodedInTheSetTheMessageDeclared() throws Exception {
        Charset latin9 = Charset.forName("ISO-8859-15");
        Header adt = reader.read(withField(text("pam/admission.er7"), "MSH", 18, "8859/15").getBytes(latin9))
            .header();
        Hl7Refusal refusal = new Hl7Refusal(Rule.HL7_REQUIRED_FIELD, "le médecin est absent", Optional.of(adt));

        byte[] ack = acknowledgements.refuse(refusal);

        assertThat(new String(ack, latin9)).contains("|8859/15\r").contains("le médecin est absent");
        assertThat(ack).contains((byte) 0xE9);
    }

    @Test
    void anAsciiAnswerDropsTheAccents() throws Exception {
        Header adt = reader.read(utf8(withField(text("pam/admission.er7"), "MSH", 18, ""))).header();
        Hl7Refusal refusal = new Hl7Refusal(Rule.HL7_REQUIRED_FIELD, "le médecin est absent", Optional.of(adt));

        byte[] ack = acknowledgements.refuse(refusal);

        assertThat(new String(ack, StandardCharsets.US_ASCII)).contains("le medecin est absent");
        for (byte b : ack) {
            assertThat(b & 0xFF).isLessThan(0x80);
        }
    }

    @Test
    void theCodeOfAnsAcknowledgementsIsRead() {
        assertThat(acknowledgements.acknowledgementCode(AnsMessages.bytes("oru/initial-ack.hl7"))).contains("AA");
        assertThat(acknowledgements.acknowledgementCode(AnsMessages.bytes("mdm/replacement-ack.er7"))).contains("AA");
    }

    @Test
    void theCodeOfOurOwnRefusalIsRead() throws Exception {
        Header adt = reader.read(AnsMessages.bytes("pam/admission.er7")).header();
        byte[] ack = acknowledgements.refuse(new Hl7Refusal(Rule.HL7_DEPENDENCY_UNAVAILABLE, "down",
            Optional.of(adt)));

        assertThat(acknowledgements.acknowledgementCode(ack)).contains("AR");
    }

    @Test
    void somethingWithoutMsaHasNoCode() {
        assertThat(acknowledgements.acknowledgementCode(utf8("hello"))).isEmpty();
        assertThat(acknowledgements.acknowledgementCode(utf8("MSH|^~\\&|A|B|C|D|2024||ACK|1|P|2.6\r"))).isEmpty();
        assertThat(acknowledgements.acknowledgementCode(utf8("MSH|^~\\&|A|B|C|D|2024||ACK|1|P|2.6\rMSA||1")))
            .isEmpty();
        assertThat(acknowledgements.acknowledgementCode(new byte[0])).isEmpty();
    }

    private static void assertSameMshExceptIdAndTime(String ours, String ans) {
        String[] o = fields(ours);
        String[] a = fields(ans);
        assertThat(o).hasSameSizeAs(a);
        for (int i = 0; i < a.length; i++) {
            if (i != 6 && i != 9) {
                assertThat(o[i]).as("MSH-%d", i + 1).isEqualTo(a[i]);
            }
        }
    }

    private static List<String> segments(String message) {
        return List.of(message.split("\r"));
    }

    /** Index i is MSH-(i+1) for MSH, field i otherwise. */
    private static String[] fields(String segment) {
        return segment.split(Pattern.quote("|"), -1);
    }
}
