package fr.caducee.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiptTest {
    private static String mdn(String disposition) {
        return "From: dmp@bench.localhost\r\nSubject: [KO Intégration système !][902] XDM/1.0/DDM+Radio\r\n"
            + "Content-Type: multipart/report; report-type=disposition-notification; boundary=\"b\"\r\n\r\n"
            + "--b\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "- Code d'erreur : 902\r\n- R=C3=A8gle : record-patient-unknown\r\nDisposition: automatic-action/MDN-sent-automatically; processed/Error: 902^=\r\n"
            + "Identifiant de patient inconnu\r\n"
            + "--b\r\nContent-Type: message/disposition-notification\r\n\r\n"
            + "Reporting-UA: dmp.bench.localhost; Caducee\r\nOriginal-Recipient: rfc822;dmp@bench.localhost\r\n"
            + "Final-Recipient: rfc822;dmp@bench.localhost\r\nOriginal-Message-ID: <bench-record-t1-7@bench.localhost>\r\n"
            + "Disposition: " + disposition + "\r\n--b--\r\n";
    }

    @Test
    void anMdnInAnsErrorFormIsAFailedReceiptOfTheOriginalMessage() {
        Receipt receipt = Receipt.read(mdn("automatic-action/MDN-sent-automatically; processed/Error: 902^Identifiant de patient inconnu")).orElseThrow();

        assertThat(receipt.originalMessageId()).isEqualTo("<bench-record-t1-7@bench.localhost>");
        assertThat(receipt.kind()).isEqualTo("mdn");
        assertThat(receipt.success()).isFalse();
        assertThat(receipt.detail()).contains("902^Identifiant de patient inconnu");
        assertThat(receipt.rule()).isEqualTo("record-patient-unknown");
    }

    @Test
    void aProcessedMdnInRfc8098FormIsASuccess() {
        Receipt receipt = Receipt.read(mdn("automatic-action/MDN-sent-automatically; processed")).orElseThrow();

        assertThat(receipt.kind()).isEqualTo("mdn");
        assertThat(receipt.success()).isTrue();
    }

    @Test
    void aDeliveredDsnIsMatchedByItsEnvelopeId() {
        String dsn = "Content-Type: multipart/report; report-type=delivery-status; boundary=\"d\"\r\n\r\n"
            + "--d\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; localhost\r\n"
            + "Original-Envelope-Id: bench-plain-r1plain-3\r\n\r\nFinal-Recipient: rfc822; recipient@bench.localhost\r\n"
            + "Action: delivered\r\nStatus: 2.0.0\r\n--d--\r\n";

        Receipt receipt = Receipt.read(dsn).orElseThrow();

        assertThat(receipt.originalMessageId()).isEqualTo("<bench-plain-r1plain-3@bench.localhost>");
        assertThat(receipt.kind()).isEqualTo("dsn");
        assertThat(receipt.success()).isTrue();
    }

    @Test
    void aFailedDsnIsAFailure() {
        String dsn = "Content-Type: multipart/report; report-type=delivery-status; boundary=\"d\"\r\n\r\n"
            + "--d\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <bench-plain-r1plain-4@bench.localhost>\r\n"
            + "--d\r\nContent-Type: message/delivery-status\r\n\r\nAction: failed\r\nStatus: 5.1.1\r\n--d--\r\n";

        Receipt receipt = Receipt.read(dsn).orElseThrow();

        assertThat(receipt.originalMessageId()).isEqualTo("<bench-plain-r1plain-4@bench.localhost>");
        assertThat(receipt.success()).isFalse();
    }

    @Test
    void aMessageThatNamesNoneOfOursIsNoReceipt() {
        assertThat(Receipt.read("Subject: hello\r\n\r\nbody\r\n")).isEmpty();
    }
}
