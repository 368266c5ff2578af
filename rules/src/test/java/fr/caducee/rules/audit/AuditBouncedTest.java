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
import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.Decision;

class AuditBouncedTest {
    final List<AuditRecord> trail = new ArrayList<>();
    final AuditTrail memory = trail::add;

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
