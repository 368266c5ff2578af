package fr.caducee.rules.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;

class AuditMailetsTest {
    final List<AuditRecord> trail = new ArrayList<>();
    final AuditTrail memory = trail::add;

    @Test
    void deliveryIsRecordedWithTheLoginAndTheMessageIdButNoBody() throws Exception {
        Mail mail = mail("Mail1-!2345678", "cardiologie@chu.localhost");
        mail.setAttribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("dr.durand@chu.localhost")));
        mail.setAttribute(new Attribute(Mail.SMTP_SESSION_ID, AttributeValue.of("SID-1")));

        AuditDelivered mailet = new AuditDelivered(memory);
        mailet.init(FakeMailetConfig.builder().mailetName("AuditDelivered").build());
        mailet.service(mail);

        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.DELIVERED);
            assertThat(record.mail()).isEqualTo("Mail1-!2345678");
            assertThat(record.messageId()).isEqualTo("<m1@chu.localhost>");
            assertThat(record.login()).isEqualTo("dr.durand@chu.localhost");
            assertThat(record.peer()).isNull();
            assertThat(record.sender()).isEqualTo("dr.durand@chu.localhost");
            assertThat(record.recipients()).containsExactly("cardiologie@chu.localhost");
            assertThat(record.session()).isEqualTo("SID-1");
            assertThat(record.size()).isEqualTo(2048);
            assertThat(record.toString()).doesNotContain("Compte rendu confidentiel");
        });
        assertThat(mail.getState()).as("the mail goes on to LocalDelivery").isEqualTo(Mail.DEFAULT);
    }

    @Test
    void relayIsRecordedWithThePeerIdentityTheMailArrivedWith() throws Exception {
        Mail mail = mail("Mail2", "secretariat@clinique.localhost");
        mail.setAttribute(new Attribute(AuditedMail.peerAttribute("subject"), AttributeValue.of("CN=mx.peer.localhost")));
        mail.setAttribute(new Attribute(AuditedMail.peerAttribute("issuer"), AttributeValue.of("CN=Root")));
        mail.setAttribute(new Attribute(AuditedMail.peerAttribute("serial"), AttributeValue.of("1f")));
        mail.setAttribute(new Attribute(AuditedMail.peerAttribute("san"), AttributeValue.of("mx.peer.localhost")));

        new AuditRelayed(memory).service(mail);

        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.RELAYED);
            assertThat(record.login()).isNull();
            assertThat(record.peer()).isEqualTo(
                "peer.subject=\"CN=mx.peer.localhost\" peer.issuer=\"CN=Root\" peer.serial=1f peer.san=mx.peer.localhost");
        });
    }

    @Test
    void bounceIsRecordedWithTheProcessorAsRuleAndTheErrorAsReason() throws Exception {
        Mail mail = mail("Mail3", "x@gmail.com");
        mail.setState("outside-trust-space");
        mail.setErrorMessage("550 5.7.1 The recipient's domain is not on the national whitelist");

        new AuditBounced(memory).service(mail);

        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.BOUNCED);
            assertThat(record.rule()).isEqualTo("outside-trust-space");
            assertThat(record.reason()).contains("5.7.1");
        });
    }

    @Test
    void finalRelayFailureIsRecordedWithTheRemoteAnswer() throws Exception {
        Mail mail = mail("Mail5", "dr.x@clinique.localhost");
        mail.setState("bounces");
        mail.setAttribute(new Attribute(AuditBounced.DELIVERY_ERROR,
            AttributeValue.of("550 5.1.1 <dr.x@clinique.localhost>: Recipient address rejected")));

        new AuditBounced(memory).service(mail);

        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.rule()).isEqualTo("bounces");
            assertThat(record.reason()).isEqualTo("550 5.1.1 <dr.x@clinique.localhost>: Recipient address rejected");
        });
    }

    @Test
    void anUnavailableTrailDoesNotStopTheMail() throws Exception {
        Mail mail = mail("Mail4", "cardiologie@chu.localhost");
        AuditTrail full = record -> {
            throw new AuditUnavailableException("No space left on device", null);
        };

        new AuditDelivered(full).service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
    }

    private static Mail mail(String name, String recipient) throws Exception {
        MimeMessage message = MimeMessageBuilder.mimeMessageBuilder()
            .addFrom("dr.durand@chu.localhost")
            .addToRecipient(recipient)
            .setSubject("Compte rendu")
            .addHeader("Message-ID", "<m1@chu.localhost>")
            .setText("Compte rendu confidentiel")
            .build();
        return FakeMail.builder().name(name).sender("dr.durand@chu.localhost").recipient(recipient)
            .mimeMessage(message).size(2048).state(Mail.DEFAULT).build();
    }
}
