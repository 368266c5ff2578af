package fr.caducee.rules.audit;

import java.util.List;

import javax.inject.Inject;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.rules.smtp.SmtpAudit;

/**
 * The {@code ACCEPTED} record of a message SMTP accepts: from a peer operator on the MX port, with the identity its
 * certificate proved (also attached to the mail as {@code caducee.peer.*} attributes for the rules and records that
 * come after), or from a logged-in box on the submission ports. Written by {@link fr.caducee.rules.smtp.SpoolingHandler}
 * once the message is held in the spool and before it is released and answered 250, so that the trail records
 * exactly the messages the spool has.
 */
public class AcceptanceRecord {
    public static final String ATTRIBUTE_PREFIX = AuditedMail.PEER_ATTRIBUTE_PREFIX;

    private final AuditTrail trail;

    @Inject
    public AcceptanceRecord(AuditTrail trail) {
        this.trail = trail;
    }

    /** The peer operator's proven identity on the mail, before it is spooled: the mailets read it from there. */
    public void attachPeer(SMTPSession session, Mail mail) {
        SmtpAudit.peer(session).ifPresent(peer -> {
            mail.setAttribute(attribute("subject", peer.subject()));
            mail.setAttribute(attribute("issuer", peer.issuer()));
            mail.setAttribute(attribute("serial", peer.serial()));
            mail.setAttribute(attribute("san", String.join(",", peer.dnsNames())));
        });
    }

    /**
     * Appends the record; when this returns it is on disk (per the trail's fsync policy).
     *
     * @throws AuditUnavailableException when the trail could not take it: the message must not be acknowledged
     */
    public void append(SMTPSession session, Mail mail) {
        trail.append(SmtpAudit.record(Decision.ACCEPTED, session)
            .mail(mail.getName())
            .messageId(AuditedMail.messageId(mail))
            .sender(mail.getMaybeSender().asString())
            .recipients(SmtpAudit.addresses(List.copyOf(mail.getRecipients())))
            .size(AuditedMail.size(mail))
            .build());
    }

    private static Attribute attribute(String name, String value) {
        return new Attribute(AuditedMail.peerAttribute(name), AttributeValue.of(value));
    }
}
