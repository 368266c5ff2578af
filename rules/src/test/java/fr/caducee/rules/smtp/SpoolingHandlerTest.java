package fr.caducee.rules.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.queue.api.MailQueue.MailQueueException;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.rules.Rule;
import fr.caducee.rules.audit.AcceptanceRecord;
import fr.caducee.rules.patients.FakeSmtpSession;

class SpoolingHandlerTest {
    /** A rule's refusal for a write it cannot do. */
    private static final SmtpRefusal CONVERSATIONS = Rule.CONVERSATIONS_UNAVAILABLE.refusal(
        "Cannot record the conversation with the patient right now: try again later");

    /** What happened, in order: "hold m", "record m", "release m", "withdraw m". */
    private final List<String> events = new ArrayList<>();
    private final SMTPSession session = FakeSmtpSession.submission("dr.durand@chu-exemple.fr");
    private boolean spoolFull;
    private boolean trailFull;
    private boolean releaseFails;

    private final AcceptanceSpool spool = mail -> {
        if (spoolFull) {
            throw new MailQueueException("No space left on device");
        }
        events.add("hold " + mail.getName());
        return new AcceptanceSpool.Held() {
            @Override
            public void release() throws MailQueueException {
                if (releaseFails) {
                    throw new MailQueueException("connection refused");
                }
                events.add("release " + mail.getName());
            }

            @Override
            public void withdraw() {
                events.add("withdraw " + mail.getName());
            }
        };
    };
    private final List<AuditRecord> trail = new ArrayList<>();
    private final SpoolingHandler handler = new SpoolingHandler(spool, new AcceptanceRecord(record -> {
        if (trailFull) {
            throw new AuditUnavailableException("No space left on device", null);
        }
        events.add("record " + record.mail());
        trail.add(record);
    }));

    @Test
    void aMessageIsHeldThenRecordedThenReleasedThenAnswered250() throws Exception {
        HookResult result = handler.onMessage(session, mail("m"));

        assertThat(events).containsExactly("hold m", "record m", "release m");
        assertThat(result.getResult()).isEqualTo(HookReturnCode.ok());
        assertThat(result.getSmtpDescription()).isEqualTo("2.6.0 Message received");
    }

    @Test
    void theRulesWritesHappenOnceTheMessageIsHeldAndBeforeItsRecord() throws Exception {
        OnAcceptance.add(session, CONVERSATIONS, () -> events.add("conversation opened"));

        handler.onMessage(session, mail("m"));

        assertThat(events).containsExactly("hold m", "conversation opened", "record m", "release m");
    }

    @Test
    void aRulesWriteThatFailsWithdrawsTheMessageWithThatRulesRefusalAndNoRecord() throws Exception {
        OnAcceptance.add(session, CONVERSATIONS, () -> {
            throw new IllegalStateException("conversation store unreachable");
        });

        HookResult result = handler.onMessage(session, mail("m"));

        assertThat(events).containsExactly("hold m", "withdraw m");
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("conversations-unavailable");
        assertThat(trail).isEmpty();
    }

    @Test
    void aMessageTheSpoolCannotTakeLeavesTheRulesWritesUndone() throws Exception {
        spoolFull = true;
        OnAcceptance.add(session, CONVERSATIONS, () -> events.add("conversation opened"));

        handler.onMessage(session, mail("m"));

        assertThat(events).isEmpty();
    }

    @Test
    void aMessageTheSpoolCannotTakeGets451WithWhatToDoAndNoRecord() throws Exception {
        spoolFull = true;

        HookResult result = handler.onMessage(session, mail("m"));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
        assertThat(result.getSmtpDescription()).isEqualTo("4.3.0 The message could not be written to the mail spool, "
            + "so it was not accepted: send it again later");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("spool-unavailable");
        assertThat(trail).isEmpty();
    }

    @Test
    void aMessageTheTrailCannotRecordIsWithdrawnFromTheSpoolAndGets451() throws Exception {
        trailFull = true;

        HookResult result = handler.onMessage(session, mail("m"));

        assertThat(events).containsExactly("hold m", "withdraw m");
        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENYSOFT);
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
        assertThat(result.getSmtpDescription()).isEqualTo("4.3.0 The message cannot be recorded in the audit trail "
            + "right now, so it was not accepted: send it again later");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("audit-unavailable");
    }

    @Test
    void aRecordedMessageThatCannotBeReleasedIsNotAnswered250() throws Exception {
        releaseFails = true;

        HookResult result = handler.onMessage(session, mail("m"));

        assertThat(events).containsExactly("hold m", "record m");
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("spool-unavailable");
    }

    @Test
    void aRecipientGivenSeveralTimesIsSpooledAndRecordedOnceInTheOrderGiven() throws Exception {
        Mail mail = FakeMail.builder().name("m").sender("dr.durand@chu-exemple.fr")
            .recipients("b@chu-exemple.fr", "a@chu-exemple.fr", "b@chu-exemple.fr", "A@chu-exemple.fr",
                "a@chu-exemple.fr")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Compte rendu").setText("texte"))
            .build();

        handler.onMessage(session, mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("b@chu-exemple.fr"),
            new MailAddress("a@chu-exemple.fr"));
        assertThat(trail).singleElement().satisfies(record ->
            assertThat(record.recipients()).containsExactly("b@chu-exemple.fr", "a@chu-exemple.fr"));
    }

    private static Mail mail(String name) throws Exception {
        return FakeMail.builder().name(name).sender("dr.durand@chu-exemple.fr").recipient("cardiologie@chu-exemple.fr")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Compte rendu").setText("texte")).build();
    }
}
