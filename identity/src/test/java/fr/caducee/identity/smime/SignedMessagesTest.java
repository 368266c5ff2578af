package fr.caducee.identity.smime;

import static org.assertj.core.api.Assertions.assertThat;

import javax.mail.Multipart;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

class SignedMessagesTest {
    private final SmimeFixtures fixtures = new SmimeFixtures();
    private final ServerSigner signer = new ServerSigner(fixtures.key(fixtures.signer(
        "CN=Caducee operator signature,O=Caducee,C=FR", "postmaster@caducee.localhost")));

    @Test
    void aSignedDsnReadsAsTheReportItWrapsWithTheOuterHeaders() throws Exception {
        MimeMessage signed = SmimeFixtures.parse(SmimeFixtures.bytes(signer.sign(SmimeFixtures.dsn(2))));

        MimeMessage report = SignedMessages.unwrapped(signed);

        assertThat(report.isMimeType("multipart/report")).isTrue();
        assertThat(report.getContentType()).contains("report-type=delivery-status");
        assertThat(report.getMessageID()).isEqualTo("<dsn-1@caducee.localhost>");
        assertThat(report.getSubject()).isEqualTo("[Distribué] Compte rendu");
        Multipart parts = (Multipart) report.getContent();
        assertThat(parts.getCount()).isEqualTo(3);
        assertThat(parts.getBodyPart(1).isMimeType("message/delivery-status")).isTrue();
    }

    @Test
    void anUnsignedMessageIsReadAsItIs() throws Exception {
        MimeMessage notice = SmimeFixtures.notice();

        assertThat(SignedMessages.unwrapped(notice)).isSameAs(notice);
    }
}
