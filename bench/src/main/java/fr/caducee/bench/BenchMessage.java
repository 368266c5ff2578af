package fr.caducee.bench;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Random;

import javax.activation.DataHandler;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

/** Messages shaped like what professionals exchange: accented French subject, UTF-8 text body of a chosen size. */
final class BenchMessage {
    private static final String PARAGRAPH = "Compte rendu de consultation : patient vu ce jour, examen clinique "
        + "rassurant, bilan biologique à prévoir, traitement inchangé. Réévaluation dans trois mois.\n";

    private final Session session;
    private final InternetAddress from;
    private final InternetAddress to;
    private final String body;
    private final byte[] attachment;

    BenchMessage(Session session, String from, String to, int bodyBytes) throws MessagingException {
        this(session, from, to, body(bodyBytes), null);
    }

    private BenchMessage(Session session, String from, String to, String body, byte[] attachment)
            throws MessagingException {
        this.session = session;
        this.from = new InternetAddress(from);
        this.to = new InternetAddress(to);
        this.body = body;
        this.attachment = attachment;
    }

    /**
     * Messages of about {@code bytes} whose bulk is a PDF-like attachment of random bytes, which does not compress, as
     * scanned documents do not: the text of {@link #body} shrinks about a hundredfold in PostgreSQL's compressed
     * storage, so a load meant to fill a disk with it would never fill it.
     */
    static BenchMessage withIncompressibleAttachment(Session session, String from, String to, int bytes)
            throws MessagingException {
        byte[] attachment = new byte[bytes * 3 / 4]; // base64 on the wire
        new Random().nextBytes(attachment);
        return new BenchMessage(session, from, to, body(PARAGRAPH.length()), attachment);
    }

    MimeMessage number(int index) throws MessagingException {
        return fill(new MimeMessage(session), index);
    }

    /** Message {@code index} with the given Message-ID, kept when the message is saved (JavaMail makes its own). */
    MimeMessage number(int index, String messageId) throws MessagingException {
        return fill(new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        }, index);
    }

    private MimeMessage fill(MimeMessage message, int index) throws MessagingException {
        message.setFrom(from);
        message.setRecipient(Message.RecipientType.TO, to);
        message.setSubject("Résultats d'analyse n° " + index, "UTF-8");
        message.setSentDate(new Date());
        if (attachment == null) {
            message.setText(body, "UTF-8", "plain");
            return message;
        }
        MimeBodyPart text = new MimeBodyPart();
        text.setText(body, "UTF-8", "plain");
        MimeBodyPart document = new MimeBodyPart();
        document.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment, "application/pdf")));
        document.setFileName("compte-rendu-" + index + ".pdf");
        document.setHeader("Content-Transfer-Encoding", "base64");
        message.setContent(new MimeMultipart(text, document));
        return message;
    }

    /** Whole paragraphs (short lines, as SMTP wants) then ASCII padding to land exactly on the requested byte count. */
    static String body(int bytes) {
        StringBuilder text = new StringBuilder(bytes);
        int paragraphBytes = PARAGRAPH.getBytes(StandardCharsets.UTF_8).length;
        int used = 0;
        while (used + paragraphBytes <= bytes) {
            text.append(PARAGRAPH);
            used += paragraphBytes;
        }
        for (int i = 0; used < bytes; i++, used++) {
            text.append(i % 72 == 71 ? '\n' : '.');
        }
        return text.toString();
    }
}
