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

class AuditDeliveredTest {
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
