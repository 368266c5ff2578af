package fr.caducee.rules.audit;

import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;

/**
 * Audit records of what the mailet container did with a mail, with the identity the mail arrived with: the login
 * (James's {@code SMTPAuthUser} attribute) or the peer operator's certificate ({@code caducee.peer.*}, set at
 * acceptance).
 */
public final class AuditedMail {
    /** The attributes under which the acceptance hook keeps the peer operator's certificate on the mail. */
    public static final String PEER_ATTRIBUTE_PREFIX = "caducee.peer.";
    private static final Logger LOGGER = LoggerFactory.getLogger("fr.caducee.audit");

    private AuditedMail() {
    }

    /** One line for the certificate of a peer operator; the same in SMTP and mailet records. */
    public static String peer(String subject, String issuer, String serial, String san) {
        return "peer.subject=\"" + subject + "\" peer.issuer=\"" + issuer + "\" peer.serial=" + serial
            + " peer.san=" + san;
    }

    /** A record of this decision on the mail, with who sent it (login or peer certificate), its ids and size. */
    public static AuditRecord.Builder record(Decision decision, Mail mail) {
        AuditRecord.Builder record = AuditRecord.builder(decision)
            .mail(mail.getName())
            .messageId(messageId(mail))
            .sender(mail.getMaybeSender().asString())
            .recipients(mail.getRecipients().stream().map(MailAddress::asString).toList())
            .size(size(mail))
            .remote(mail.getRemoteAddr());
        text(mail, Mail.SMTP_AUTH_USER).ifPresent(record::login);
        text(mail, Mail.SMTP_SESSION_ID).ifPresent(record::session);
        text(mail, peerAttribute("subject")).ifPresent(subject -> record.peer(peer(subject,
            text(mail, peerAttribute("issuer")).orElse(""), text(mail, peerAttribute("serial")).orElse(""),
            text(mail, peerAttribute("san")).orElse(""))));
        return record;
    }

    /**
     * Appends; when the trail cannot take it, the mail goes on (what was done to it is done) and the record is
     * written to the log at error level instead, so that it is not lost.
     */
    public static void append(AuditTrail trail, AuditRecord record) {
        try {
            trail.append(record);
        } catch (AuditUnavailableException e) {
            LOGGER.error("NOT IN THE AUDIT TRAIL ({}): {} mail={} messageId={} sender={} recipients={}",
                e.getMessage(), record.decision(), record.mail(), record.messageId(), record.sender(),
                record.recipients());
        }
    }

    public static AttributeName peerAttribute(String name) {
        return AttributeName.of(PEER_ATTRIBUTE_PREFIX + name);
    }

    private static Optional<String> text(Mail mail, AttributeName name) {
        return AttributeUtils.getValueAndCastFromMail(mail, name, String.class);
    }

    /** The Message-ID header, null when there is none or it cannot be read. */
    public static String messageId(Mail mail) {
        try {
            return mail.getMessage() == null ? null : mail.getMessage().getMessageID();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    /** The size in bytes, -1 when unknown. */
    public static long size(Mail mail) {
        try {
            return mail.getMessageSize();
        } catch (MessagingException | RuntimeException e) {
            return -1;
        }
    }
}
