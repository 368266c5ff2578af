package fr.caducee.bench;

import java.nio.charset.StandardCharsets;
import java.util.Date;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

/** Messages shaped like what professionals exchange: accented French subject, UTF-8 text body of a chosen size. */
final class BenchMessage {
    private static final String PARAGRAPH = "Compte rendu de consultation : patient vu ce jour, examen clinique "
        + "rassurant, bilan biologique à prévoir, traitement inchangé. Réévaluation dans trois mois.\n";

    private final Session session;
    private final InternetAddress from;
    private final InternetAddress to;
    private final String body;

    BenchMessage(Session session, String from, String to, int bodyBytes) throws MessagingException {
        this.session = session;
        this.from = new InternetAddress(from);
        this.to = new InternetAddress(to);
        this.body = body(bodyBytes);
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
        message.setText(body, "UTF-8", "plain");
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
