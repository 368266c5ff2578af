package fr.caducee.rules.audit;

import javax.inject.Inject;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.rules.Rule;
import fr.caducee.rules.smtp.SmtpAudit;
import fr.caducee.rules.smtp.SmtpRefusal;

/**
 * Records in the audit trail every message SMTP accepts: from a peer operator on the MX port, with the identity its
 * certificate proved (also attached to the mail as {@code caducee.peer.*} attributes for the rules and records
 * that come after), or from a logged-in box on the submission ports. Runs last among the message hooks, so only
 * what passed every rule is recorded as accepted, and before James's SendMailHandler, which spools the mail and
 * answers 250: the record is durable before the client hears that the message was accepted. When the trail cannot
 * take it, the message is refused with {@code 451 4.3.0} and not spooled.
 */
public class AcceptanceAuditHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(AcceptanceAuditHook.class);
    public static final String ATTRIBUTE_PREFIX = AuditedMail.PEER_ATTRIBUTE_PREFIX;
    static final SmtpRefusal TRAIL_UNAVAILABLE = Rule.AUDIT_UNAVAILABLE.refusal(
        "The message cannot be recorded in the audit trail right now, so it was not accepted: send it again later");

    private final AuditTrail trail;

    @Inject
    public AcceptanceAuditHook(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        SmtpAudit.peer(session).ifPresent(peer -> {
            mail.setAttribute(attribute("subject", peer.subject()));
            mail.setAttribute(attribute("issuer", peer.issuer()));
            mail.setAttribute(attribute("serial", peer.serial()));
            mail.setAttribute(attribute("san", String.join(",", peer.dnsNames())));
        });
        try {
            trail.append(SmtpAudit.record(Decision.ACCEPTED, session)
                .mail(mail.getName())
                .messageId(AuditedMail.messageId(mail))
                .sender(mail.getMaybeSender().asString())
                .recipients(SmtpAudit.addresses(java.util.List.copyOf(mail.getRecipients())))
                .size(AuditedMail.size(mail))
                .build());
        } catch (AuditUnavailableException e) {
            LOGGER.error("Message {} refused: the audit trail cannot record its acceptance ({})", mail.getName(),
                e.getMessage());
            return TRAIL_UNAVAILABLE.refuse(session, "DATA");
        }
        return HookResult.DECLINED;
    }

    private static Attribute attribute(String name, String value) {
        return new Attribute(AuditedMail.peerAttribute(name), AttributeValue.of(value));
    }
}
