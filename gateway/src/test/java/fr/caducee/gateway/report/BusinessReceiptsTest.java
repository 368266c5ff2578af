package fr.caducee.gateway.report;

import static fr.caducee.gateway.AnsMessages.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import fr.caducee.gateway.message.Hl7Reader;
import fr.caducee.gateway.message.Inbound;
import fr.caducee.gateway.message.Segments;

class BusinessReceiptsTest {
    /** What the ORU of ANS's example (oru/initial.hl7: SIL-Y|labo to PFI-X|Organisation-X, MSH-10 015) leaves. */
    private static final ZamOrigin ORU = new ZamOrigin("SIL-Y", "labo", "PFI-X", "Organisation-X", "015");
    private static final Instant AT = Instant.parse("2021-06-06T07:33:00Z");
    private static final String DOCTOR = "adam.hoda@test-ci-sis.mssante.fr";
    private final BusinessReceipts receipts = new BusinessReceipts(ZoneId.of("Europe/Paris"));

    @Test
    void aRecordRefusalIsAnsZ01FieldByField() {
        byte[] zam = receipts.recordReceipt(ORU, "017", AT, Optional.of("DMPClosed^DMP fermé"));

        assertSameAs(zam, "zam/z01-reception-dmp.er7");
    }

    @Test
    void aDeliveryIsAnsZ02FieldByField() {
        byte[] zam = receipts.deliveryReceipt(ORU, "018", AT, DOCTOR, Optional.of("801234567897"), Optional.empty());

        assertSameAs(zam, "zam/z02-reception-mss.er7");
    }

    @Test
    void aReadingIsAnsZ03FieldByField() {
        byte[] zam = receipts.readingReceipt(ORU, "019", AT, DOCTOR, Optional.of("801234567897"), Optional.empty());

        assertSameAs(zam, "zam/z03-lecture-mss.er7");
    }

    @Test
    void theRecordsAcceptanceIsYesWithoutErr() {
        List<String> zam = segments(receipts.recordReceipt(ORU, "017", AT, Optional.empty()));

        assertThat(zam).hasSize(3);
        assertThat(zam.get(2)).isEqualTo("OBX|1|CWE|ACK_RECEPTION_DMP^Accusé de réception DMP^AckMetierZAM|015|"
            + "Y^^expandedYes-NoIndicator||||||F|");
    }

    @Test
    void theRecordsIntegrationErrorIsInAnsApplicationErrorTable() {
        List<String> zam = segments(receipts.recordReceipt(ORU, "017", AT,
            Optional.of("902^Identifiant de patient inconnu")));

        assertThat(zam.get(2)).contains("|N^^expandedYes-NoIndicator|");
        assertThat(zam.get(3)).isEqualTo("ERR|||207^Application internal error^messageErrorCondition|E|"
            + "902^Identifiant de patient inconnu^applicationErrorCondition");
    }

    @Test
    void aRecordErrorWithoutCodeIsTheOtherErrorWithItsWordsKept() {
        String err = segments(receipts.recordReceipt(ORU, "017", AT, Optional.of("the record | was down"))).get(3);

        assertThat(fields(err)[5]).isEqualTo("906^Erreur 'Autre'^applicationErrorCondition");
        assertThat(fields(err)[8]).isEqualTo("the record \\F\\ was down");
    }

    @Test
    void aFailedDeliveryCarriesTheSmtpCodeOfTheDsnWithTheVoletsLabel() {
        List<String> zam = segments(receipts.deliveryReceipt(ORU, "018", AT, DOCTOR, Optional.empty(),
            Optional.of("5.1.1 (smtp; 550 5.1.1 <adam.hoda@test-ci-sis.mssante.fr>: user unknown)")));

        assertThat(zam.get(2)).contains("|N^^expandedYes-NoIndicator|");
        assertThat(zam.get(3)).isEqualTo("OBX|2|XTN|DESTINATAIRE_MSS^Destinataire MSSanté^AckMetierZAM||^^X.400^"
            + DOCTOR + "||||||F|");
        String[] err = fields(zam.get(4));
        assertThat(err[3]).isEqualTo("207^Application internal error^messageErrorCondition");
        assertThat(err[4]).isEqualTo("E");
        assertThat(err[5]).startsWith("550^Action non effectuée : boîte aux lettres non disponible")
            .endsWith("^SMTPERRORCODE");
        assertThat(err[8]).contains("user unknown");
    }

    @Test
    void aFailedDeliveryWithOnlyAStatusCodeIsGivenTheCodeOfItsKind() {
        assertThat(fields(segments(receipts.deliveryReceipt(ORU, "018", AT, DOCTOR, Optional.empty(),
            Optional.of("5.2.2 mailbox full"))).get(4))[5]).startsWith("552^");
        assertThat(fields(segments(receipts.deliveryReceipt(ORU, "018", AT, DOCTOR, Optional.empty(),
            Optional.of("5.7.1 refused"))).get(4))[5]).startsWith("554^");
        assertThat(fields(segments(receipts.deliveryReceipt(ORU, "018", AT, DOCTOR, Optional.empty(),
            Optional.of("no reason given"))).get(4))[5]).startsWith("554^");
    }

    @Test
    void aFailedIntegrationCarriesTheMdnsCode() {
        List<String> zam = segments(receipts.readingReceipt(ORU, "019", AT, DOCTOR, Optional.of("801234567897"),
            Optional.of("902^Identifiant de patient inconnu")));

        assertThat(zam.get(2)).contains("ACK_LECTURE_MSS").contains("|N^^expandedYes-NoIndicator|");
        assertThat(zam.get(4)).isEqualTo("ERR|||207^Application internal error^messageErrorCondition|E|"
            + "902^Identifiant de patient inconnu^applicationErrorCondition");
    }

    @Test
    void aDeniedReadingIsTheOtherErrorWithTheDispositionKept() {
        String err = segments(receipts.readingReceipt(ORU, "019", AT, DOCTOR, Optional.empty(),
            Optional.of("manual-action/MDN-sent-manually; denied"))).get(4);

        assertThat(fields(err)[5]).isEqualTo("906^Erreur 'Autre'^applicationErrorCondition");
        assertThat(fields(err)[8]).isEqualTo("manual-action/MDN-sent-manually; denied");
    }

    @Test
    void aReceiptIsTheSameWhenWrittenAgain() {
        assertThat(receipts.deliveryReceipt(ORU, "018", AT, DOCTOR, Optional.empty(), Optional.empty()))
            .isEqualTo(receipts.deliveryReceipt(ORU, "018", AT, DOCTOR, Optional.empty(), Optional.empty()));
    }

    @Test
    void aReceiptIsAnHl7MessageTheGatewayItselfReads() throws Exception {
        byte[] zam = receipts.readingReceipt(ORU, "019", AT, DOCTOR, Optional.of("801234567897"),
            Optional.of("902^Identifiant de patient inconnu"));
        Hl7Reader reader = new Hl7Reader();
        String asAck = new String(zam, StandardCharsets.UTF_8).replace("ZAM^Z03^ZAM_Z01", "ACK^Z03^ACK");

        Inbound read = reader.read(asAck.getBytes(StandardCharsets.UTF_8));

        assertThat(read.header().controlId()).isEqualTo("019");
        assertThat(Segments.named(Segments.of(read.message()), "OBX")).hasSize(2);
    }

    @Test
    void theOriginalsFacilityIsCopiedWithItsComponents() {
        ZamOrigin adt = new ZamOrigin("SIL", "CHU-X^000897406^M", "PFI", "CHU-X", "42");

        String[] msh = fields(segments(receipts.recordReceipt(adt, "1", AT, Optional.empty())).get(0));

        assertThat(msh[2]).isEqualTo("PFI");
        assertThat(msh[3]).isEqualTo("CHU-X");
        assertThat(msh[4]).isEqualTo("SIL");
        assertThat(msh[5]).isEqualTo("CHU-X^000897406^M");
        assertThat(msh[6]).isEqualTo("20210606093300+0200");
    }

    /** Every field equal to ANS's example but the times (MSH-7, EVN-2), which are when each was written. */
    private static void assertSameAs(byte[] zam, String example) {
        List<String> ours = segments(zam);
        List<String> ans = List.of(text(example).split("\r"));
        assertThat(ours).hasSameSizeAs(ans);
        for (int s = 0; s < ans.size(); s++) {
            String[] o = fields(ours.get(s));
            String[] a = fields(ans.get(s));
            assertThat(o).as("segment %d", s + 1).hasSameSizeAs(a);
            Set<Integer> times = o[0].equals("MSH") ? Set.of(6) : o[0].equals("EVN") ? Set.of(2) : Set.of();
            for (int f = 0; f < a.length; f++) {
                if (!times.contains(f)) {
                    assertThat(o[f]).as("%s field %d", a[0], f).isEqualTo(a[f]);
                }
            }
        }
    }

    private static List<String> segments(byte[] zam) {
        return List.of(new String(zam, StandardCharsets.UTF_8).split("\r"));
    }

    private static String[] fields(String segment) {
        return segment.split(Pattern.quote("|"), -1);
    }
}
