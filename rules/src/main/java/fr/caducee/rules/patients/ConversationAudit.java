package fr.caducee.rules.patients;

import java.util.List;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.mailet.Mail;

import fr.caducee.audit.AuditTrail;
import fr.caducee.rules.Rule;
import fr.caducee.rules.smtp.SmtpAudit;

/** Writes a conversation's opening or closing to the audit trail, with the message and session that caused it. */
final class ConversationAudit {
    private ConversationAudit() {
    }

    /** @param rule an opening or a closing: its decision is recorded with its id */
    static void record(AuditTrail trail, Rule rule, Conversation conversation, String messageId, SMTPSession session,
                       Mail mail) {
        trail.append(SmtpAudit.record(rule.decision(), session)
            .rule(rule.id())
            .reason("conversation " + conversation.id() + " with " + conversation.patient()
                + ", participants " + conversation.participants().stream().sorted().toList())
            .mail(mail.getName())
            .messageId(messageId)
            .sender(mail.getMaybeSender().asString())
            .recipients(List.of(conversation.patient()))
            .build());
    }
}
