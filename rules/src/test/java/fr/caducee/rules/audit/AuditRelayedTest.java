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

class AuditRelayedTest {
    final List<AuditRecord> trail = new ArrayList<>();
    final AuditTrail memory = trail::add;

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
