package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.SmtpDialogue;

/**
 * The classic relay tricks, tried on the submission port (as a logged-in professional) and on the MX port (as a
 * trusted peer): every one is refused at RCPT with an enhanced status code, so nothing is accepted to be bounced.
 */
class OpenRelayProbeIT {
    static final String DOMAIN = "caducee.localhost";
    static final String DOCTOR = "dr.relay@" + DOMAIN;
    static final String PASSWORD = "pass-relay-2026";

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withBox(DOCTOR, PASSWORD);

    @Test
    void percentHackIsRefusedAsAMalformedAddress() throws Exception {
        try (SmtpDialogue smtp = submission()) {
            SmtpDialogue.Reply reply = smtp.send("RCPT TO:<someone%gmail.com@" + DOMAIN + ">");
            assertThat(reply.code()).isEqualTo(553);
            assertThat(reply.text()).contains("5.1.3");
        }
    }

    @Test
    void quotedLocalPartHidingARemoteAddressIsRefused() throws Exception {
        try (SmtpDialogue smtp = submission()) {
            SmtpDialogue.Reply reply = smtp.send("RCPT TO:<\"someone@gmail.com\"@" + DOMAIN + ">");
            assertThat(reply.code()).isEqualTo(553);
            assertThat(reply.text()).contains("5.1.3");
        }
    }

    @Test
    void bangPathIsRefused() throws Exception {
        try (SmtpDialogue smtp = submission()) {
            SmtpDialogue.Reply reply = smtp.send("RCPT TO:<gmail.com!someone@" + DOMAIN + ">");
            assertThat(reply.code()).isEqualTo(553);
            assertThat(reply.text()).contains("5.1.3");
        }
    }

    @Test
    void patientAddressWithAWrongInsKeyIsRefusedWith511() throws Exception {
        try (SmtpDialogue smtp = submission()) {
            SmtpDialogue.Reply reply = smtp.send("RCPT TO:<146026322000197@patient." + DOMAIN + ">");
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.1.1").contains("expected 96");
        }
    }

    @Test
    void unknownLocalBoxIsRefusedWith511() throws Exception {
        try (SmtpDialogue smtp = submission()) {
            SmtpDialogue.Reply reply = smtp.send("RCPT TO:<nobody@" + DOMAIN + ">");
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.1.1");
        }
    }

    @Test
    void peerOperatorCannotRelayToAThirdDomain() throws Exception {
        try (SmtpDialogue smtp = mx()) {
            assertThat(smtp.send("MAIL FROM:<secretariat@peer-operator.localhost>").code()).isEqualTo(250);
            SmtpDialogue.Reply reply = smtp.send("RCPT TO:<someone@gmail.com>");
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.7.1");
        }
    }

    @Test
    void nullSenderCannotRelayToAThirdDomain() throws Exception {
        try (SmtpDialogue smtp = mx()) {
            assertThat(smtp.send("MAIL FROM:<>").code()).isEqualTo(250);
            SmtpDialogue.Reply reply = smtp.send("RCPT TO:<someone@gmail.com>");
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.7.1");
        }
    }

    @Test
    void sourceRouteThroughUsToAThirdDomainIsRefused() throws Exception {
        try (SmtpDialogue smtp = mx()) {
            assertThat(smtp.send("MAIL FROM:<secretariat@peer-operator.localhost>").code()).isEqualTo(250);
            SmtpDialogue.Reply reply = smtp.send("RCPT TO:<@" + DOMAIN + ":someone@gmail.com>");
            assertThat(reply.code()).isBetween(500, 599);
            assertThat(reply.text()).containsPattern("5\\.[17]\\.[0-9]");
        }
    }

    @Test
    void everyRefusalIsInTheAuditTrailWithItsRule() throws Exception {
        try (SmtpDialogue smtp = submission()) {
            smtp.send("RCPT TO:<audit-probe%gmail.com@" + DOMAIN + ">");
            smtp.send("RCPT TO:<audit-probe-unknown@" + DOMAIN + ">");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readAllLines(caducee.server().log()))
            .anySatisfy(line -> assertThat(line).contains("decision=refused rule=recipient-malformed")
                .contains("audit-probe%gmail.com").contains("login=" + DOCTOR))
            .anySatisfy(line -> assertThat(line).contains("decision=refused rule=recipient-unknown")
                .contains("5.1.1").contains("audit-probe-unknown").contains("login=" + DOCTOR)));
    }

    private static SmtpDialogue submission() throws Exception {
        SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD);
        assertThat(smtp.send("MAIL FROM:<" + DOCTOR + ">").code()).isEqualTo(250);
        return smtp;
    }

    private static SmtpDialogue mx() throws Exception {
        return SmtpDialogue.trustedPeer(caducee.server());
    }
}
