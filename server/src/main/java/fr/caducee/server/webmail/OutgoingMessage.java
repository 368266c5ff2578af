package fr.caducee.server.webmail;

import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import javax.activation.DataHandler;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.internet.MimeUtility;
import javax.mail.util.ByteArrayDataSource;

import fr.caducee.domain.model.Patient;
import fr.caducee.webmail.port.Outgoing;
import fr.caducee.webmail.port.Upload;
import fr.caducee.webmail.port.Viewer;

/**
 * The MIME message a patient's form becomes: from the open box (the patient's name shown), to the recipients as the
 * form gave them, the subject, the date, a Message-ID under the server's domain, In-Reply-To and References for a
 * reply, the text as {@code text/plain} UTF-8, and each attachment base64-encoded under a cleaned name. Nothing the
 * rules decide on is written here: the chain reads what a mail client would have sent.
 */
final class OutgoingMessage {
    private final String domain;
    private final Clock clock;

    /** @param domain the server's domain, under which Message-IDs are made */
    OutgoingMessage(String domain, Clock clock) {
        this.domain = domain;
        this.clock = clock;
    }

    /** The message and the Message-ID it carries, with its angle brackets. */
    record Built(MimeMessage message, String messageId, List<InternetAddress> recipients) {
    }

    Built build(Session session, Viewer viewer, Outgoing outgoing) throws MessagingException {
        String messageId = "<" + UUID.randomUUID() + "@" + domain + ">";
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(from(viewer.box()));
        List<InternetAddress> recipients = new ArrayList<>();
        for (String to : outgoing.to()) {
            recipients.add(new InternetAddress(to, true));
        }
        message.setRecipients(Message.RecipientType.TO, recipients.toArray(InternetAddress[]::new));
        message.setSubject(outgoing.subject(), "UTF-8");
        message.setSentDate(Date.from(clock.instant()));
        if (outgoing.inReplyTo().isPresent()) {
            message.setHeader("In-Reply-To", outgoing.inReplyTo().get());
        }
        if (!outgoing.references().isEmpty()) {
            message.setHeader("References", MimeUtility.fold("References: ".length(),
                String.join(" ", outgoing.references())));
        }
        if (outgoing.uploads().isEmpty()) {
            message.setText(outgoing.text(), "UTF-8");
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(outgoing.text(), "UTF-8");
            mixed.addBodyPart(text);
            for (Upload upload : outgoing.uploads()) {
                mixed.addBodyPart(attachment(upload));
            }
            message.setContent(mixed);
        }
        message.saveChanges();
        return new Built(message, messageId, List.copyOf(recipients));
    }

    private static InternetAddress from(Patient patient) throws AddressException {
        String name = (patient.firstName() + " " + patient.lastName()).strip();
        try {
            return new InternetAddress(patient.boxAddress().address(), name, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is part of every Java runtime", e);
        }
    }

    private static MimeBodyPart attachment(Upload upload) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(upload.content(), upload.mediaType())));
        part.setDisposition(Part.ATTACHMENT);
        part.setFileName(FileNames.clean(upload.fileName()));
        part.setHeader("Content-Transfer-Encoding", "base64");
        return part;
    }
}
