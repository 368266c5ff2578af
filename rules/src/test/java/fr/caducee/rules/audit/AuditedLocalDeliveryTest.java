package fr.caducee.rules.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.transport.mailets.delivery.MailStore;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;

import reactor.core.publisher.Mono;

class AuditedLocalDeliveryTest {
    static final String CARDIOLOGY = "cardiologie@chu.localhost";
    static final String NEPHROLOGY = "nephrologie@chu.localhost";

    final List<AuditRecord> trail = new ArrayList<>();
    final List<String> stored = new ArrayList<>();
    final FakeMailContext context = FakeMailContext.defaultContext();

    @Test
    void aStoredMessageShouldBeRecordedDeliveredWithTheLoginAndMessageIdButNoBody() throws Exception {
        Mail mail = mail(CARDIOLOGY);
        mail.setAttribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("dr.durand@chu.localhost")));
        mail.setAttribute(new Attribute(Mail.SMTP_SESSION_ID, AttributeValue.of("SID-1")));

        delivery(Set.of(), trail::add).service(mail);

        assertThat(stored).containsExactly(CARDIOLOGY);
        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.DELIVERED);
            assertThat(record.mail()).isEqualTo("Mail1-!2345678");
            assertThat(record.messageId()).isEqualTo("<m1@chu.localhost>");
            assertThat(record.login()).isEqualTo("dr.durand@chu.localhost");
            assertThat(record.sender()).isEqualTo("dr.durand@chu.localhost");
            assertThat(record.recipients()).containsExactly(CARDIOLOGY);
            assertThat(record.session()).isEqualTo("SID-1");
            assertThat(record.size()).isEqualTo(2048);
            assertThat(record.toString()).doesNotContain("Compte rendu confidentiel");
        });
        assertThat(mail.getState()).as("consumed, as LocalDelivery does").isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void aRecipientWhoseStoreFailedShouldNotBeRecordedDeliveredButSentToTheErrorProcessor() throws Exception {
        Mail mail = mail(CARDIOLOGY, NEPHROLOGY);

        delivery(Set.of(NEPHROLOGY), trail::add).service(mail);

        assertThat(trail).singleElement().satisfies(record ->
            assertThat(record.recipients()).containsExactly(CARDIOLOGY));
        assertThat(context.getSentMails()).singleElement().satisfies(error -> {
            assertThat(error.getRecipients()).extracting(MailAddress::asString).containsExactly(NEPHROLOGY);
            assertThat(error.getState()).isEqualTo(Mail.ERROR);
        });
    }

    @Test
    void aMessageNoBoxTookShouldLeaveNoDeliveredRecord() throws Exception {
        delivery(Set.of(CARDIOLOGY), trail::add).service(mail(CARDIOLOGY));

        assertThat(trail).as("the error processor records BOUNCED, or the spool offers the mail again").isEmpty();
        assertThat(context.getSentMails()).hasSize(1);
    }

    @Test
    void anUnavailableTrailShouldNotStopTheDelivery() throws Exception {
        Mail mail = mail(CARDIOLOGY);
        AuditTrail full = record -> {
            throw new AuditUnavailableException("No space left on device", null);
        };

        delivery(Set.of(), full).service(mail);

        assertThat(stored).containsExactly(CARDIOLOGY);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void withADeliveredProcessorTheMailShouldGoOnThereWithTheRecipientsWhoseBoxTookIt() throws Exception {
        Mail mail = mail(CARDIOLOGY, NEPHROLOGY);

        delivery(Set.of(NEPHROLOGY), trail::add, "local-delivered").service(mail);

        assertThat(mail.getState()).isEqualTo("local-delivered");
        assertThat(mail.getRecipients()).extracting(MailAddress::asString).containsExactly(CARDIOLOGY);
    }

    @Test
    void withADeliveredProcessorAMailNoBoxTookShouldEnd() throws Exception {
        Mail mail = mail(CARDIOLOGY);

        delivery(Set.of(CARDIOLOGY), trail::add, "local-delivered").service(mail);

        assertThat(mail.getState()).as("nothing owed to a delivery that did not happen").isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).as("the failed recipient went to the error processor").hasSize(1);
    }

    private AuditedLocalDelivery delivery(Set<String> failing, AuditTrail audit) throws MessagingException {
        return delivery(failing, audit, null);
    }

    private AuditedLocalDelivery delivery(Set<String> failing, AuditTrail audit, String deliveredProcessor)
            throws MessagingException {
        MailStore boxes = (recipient, mail) -> failing.contains(recipient.asString())
            ? Mono.error(new MessagingException("could not extend file: No space left on device"))
            : Mono.fromRunnable(() -> stored.add(recipient.asString()));
        AuditedLocalDelivery mailet = new AuditedLocalDelivery(audit, boxes);
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("AuditedLocalDelivery")
            .mailetContext(context).setProperty("retries", "0");
        if (deliveredProcessor != null) {
            config.setProperty("deliveredProcessor", deliveredProcessor);
        }
        mailet.init(config.build());
        return mailet;
    }

    private static Mail mail(String... recipients) throws Exception {
        MimeMessage message = MimeMessageBuilder.mimeMessageBuilder()
            .addFrom("dr.durand@chu.localhost")
            .addToRecipient(recipients)
            .setSubject("Compte rendu")
            .addHeader("Message-ID", "<m1@chu.localhost>")
            .setText("Compte rendu confidentiel")
            .build();
        return FakeMail.builder().name("Mail1-!2345678").sender("dr.durand@chu.localhost").recipients(recipients)
            .mimeMessage(message).size(2048).state(Mail.DEFAULT).build();
    }
}
