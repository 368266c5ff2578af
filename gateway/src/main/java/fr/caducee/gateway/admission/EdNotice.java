package fr.caducee.gateway.admission;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.GatewayMessageIds;
import fr.caducee.gateway.port.PlannedMail;

/**
 * A mail the ED notifications send, written and not yet sent: the notice to a GP's box, its correction, or the day's
 * summary to the ED's box. French plain text in UTF-8, from the hospital's APP box, marked
 * {@code Auto-Submitted: auto-generated} (RFC 3834) so that no auto-responder answers it.
 *
 * @param purpose why it is sent ({@code gateway_mail.purpose})
 * @param from the hospital's APP box
 * @param to the one recipient
 * @param recipientId the recipient's idNat (a GP), empty for the ED's box
 */
public record EdNotice(GatewayMessageIds.Purpose purpose, BoxAddress from, BoxAddress to, Optional<String> recipientId,
                       String subject, String body) {
    /**
     * One session for every notice: a new one reads JavaMail's address map from every jar of the class path (8% of
     * the server's CPU per admission when each notice made its own); writing a message in memory changes nothing in it.
     */
    private static final Session SESSION = Session.getInstance(new Properties());

    public EdNotice {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        recipientId = Objects.requireNonNullElse(recipientId, Optional.empty());
    }

    /**
     * The mail to submit, its Message-ID drawn from the message that caused it, as every mail of the gateway.
     *
     * @param controlId MSH-10 of the message that caused it; the day's summary: {@code summary-<day>}
     * @param domain the server's domain, the Message-ID's right-hand side
     */
    public PlannedMail planned(String controlId, String domain, Instant date) {
        String messageId = GatewayMessageIds.of(from, controlId, purpose, to.address(), domain);
        return new PlannedMail(messageId, from, controlId, purpose, from, to.address(), recipientId, false, false,
            mime(messageId, date));
    }

    /** The whole message (RFC 5322) with this Message-ID. */
    public byte[] mime(String messageId, Instant date) {
        try {
            MimeMessage message = new MimeMessage(SESSION) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", messageId);
                }
            };
            message.setFrom(new InternetAddress(from.address()));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(to.address()));
            message.setSubject(subject, StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(date));
            message.setHeader("Auto-Submitted", "auto-generated");
            message.setHeader("Content-Language", "fr");
            message.setText(body, StandardCharsets.UTF_8.name());
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("a notice written in memory could not be encoded", e);
        }
    }
}
