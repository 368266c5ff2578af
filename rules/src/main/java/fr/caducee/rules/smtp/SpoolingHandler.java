package fr.caducee.rules.smtp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.queue.api.MailQueue.MailQueueException;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.rules.Rule;
import fr.caducee.rules.audit.AcceptanceRecord;

/**
 * Accepts a message that passed every rule, in place of James's SendMailHandler, so that the audit trail counts
 * exactly the messages the spool has: the message is held in the spool (on disk, not yet delivered), its
 * {@code ACCEPTED} record written, then it is released and answered {@code 250}. A record that cannot be written
 * withdraws the message and answers {@code 451 4.3.0} (no record, no {@code 250}, nothing delivered); a server killed
 * between hold and release leaves a held message that the next start releases if its record is on disk and withdraws
 * otherwise. What the rules write about an accepted message ({@link OnAcceptance}: the conversations with
 * patients) is written between hold and record; a write that fails withdraws the message with its rule's refusal.
 * A recipient given twice (RCPT repeated, in any case) is kept once, as the first RCPT spelled it.
 */
public class SpoolingHandler implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(SpoolingHandler.class);
    static final SmtpRefusal SPOOL_UNAVAILABLE = Rule.SPOOL_UNAVAILABLE.refusal(
        "The message could not be written to the mail spool, so it was not accepted: send it again later");
    static final SmtpRefusal TRAIL_UNAVAILABLE = Rule.AUDIT_UNAVAILABLE.refusal(
        "The message cannot be recorded in the audit trail right now, so it was not accepted: send it again later");
    private static final HookResult RECEIVED = HookResult.builder()
        .hookReturnCode(HookReturnCode.ok())
        .smtpDescription("2.6.0 Message received")
        .build();

    private final AcceptanceSpool spool;
    private final AcceptanceRecord acceptance;

    @Inject
    public SpoolingHandler(AcceptanceSpool spool, AcceptanceRecord acceptance) {
        this.spool = spool;
        this.acceptance = acceptance;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        mail.setRecipients(distinct(List.copyOf(mail.getRecipients())));
        acceptance.attachPeer(session, mail);
        AcceptanceSpool.Held held;
        try {
            held = spool.hold(mail);
        } catch (MailQueueException | RuntimeException e) {
            LOGGER.error("Message {} refused: the spool cannot take it ({})", mail.getName(), e.toString());
            return SPOOL_UNAVAILABLE.refuse(session, "DATA");
        }
        // The rules' own writes (conversations) once the message is held, so that a message not accepted leaves none.
        List<Exception> failure = new ArrayList<>();
        Optional<SmtpRefusal> notRecorded = OnAcceptance.run(session, failure);
        if (notRecorded.isPresent()) {
            LOGGER.error("Message {} refused ({}): {}", mail.getName(), notRecorded.get().rule(), failure.get(0).toString());
            withdraw(mail, held);
            return notRecorded.get().refuse(session, "DATA");
        }
        try {
            acceptance.append(session, mail);
        } catch (AuditUnavailableException e) {
            LOGGER.error("Message {} refused: the audit trail cannot record its acceptance ({})", mail.getName(),
                e.getMessage());
            withdraw(mail, held);
            return TRAIL_UNAVAILABLE.refuse(session, "DATA");
        }
        try {
            held.release();
        } catch (MailQueueException | RuntimeException e) {
            // Recorded and held: the next start releases it, and the client, told 451, sends it again (a message
            // then delivered twice, as when a 250 is lost on the network).
            LOGGER.error("Message {} recorded but held in the spool until the next start: it could not be released "
                + "({})", mail.getName(), e.toString());
            return SPOOL_UNAVAILABLE.refuse(session, "DATA");
        }
        LOGGER.info("Spooled mail {} with messageId {} from {} for {}", mail.getName(), messageId(mail),
            mail.getMaybeSender().asString(), mail.getRecipients());
        return RECEIVED;
    }

    /** Not recorded, so not accepted: a message left held (the database away too) is withdrawn at the next start. */
    private static void withdraw(Mail mail, AcceptanceSpool.Held held) {
        try {
            held.withdraw();
        } catch (MailQueueException | RuntimeException e) {
            LOGGER.error("Message {} not recorded stays held in the spool until the next start withdraws it ({})",
                mail.getName(), e.toString());
        }
    }

    /** Each address once, in the order given; addresses differing only in case name the same box. */
    static List<MailAddress> distinct(List<MailAddress> recipients) {
        Map<String, MailAddress> once = new LinkedHashMap<>();
        recipients.forEach(recipient -> once.putIfAbsent(recipient.asString().toLowerCase(Locale.ROOT), recipient));
        return List.copyOf(once.values());
    }

    private static String messageId(Mail mail) {
        try {
            return mail.getMessage().getMessageID();
        } catch (Exception e) {
            return null;
        }
    }
}
