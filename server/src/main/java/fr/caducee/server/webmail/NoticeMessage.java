package fr.caducee.server.webmail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

/**
 * The e-mail a patient gets at their personal address when something arrives: that something new is waiting, and
 * the webmail's address. Built from nothing but the From, that address, the webmail's origin and the time: it
 * cannot carry health data because it is given none (no sender, subject, document title, professional, structure,
 * nor the patient's box, whose address is their INS). The same text for a message and for a document.
 */
final class NoticeMessage {
    static final String SUBJECT = "Du nouveau sur votre messagerie santé";

    private NoticeMessage() {
    }

    static String text(String origin) {
        return String.join("\r\n",
            "Bonjour,",
            "",
            "Un nouveau message ou un nouveau document vous attend sur votre messagerie santé.",
            "",
            "Pour le lire, connectez-vous à votre messagerie : " + origin + "/",
            "",
            "Par sécurité, ce courriel ne dit rien de ce qui est arrivé ni de qui l'envoie : vous le verrez une fois",
            "connecté(e), avec votre mot de passe et votre code à usage unique.",
            "",
            "Ce courriel est envoyé automatiquement : n'y répondez pas, personne ne lirait votre réponse.",
            "Pour ne plus recevoir ces avis, retirez votre adresse dans les réglages de votre messagerie.",
            "");
    }

    static MimeMessage write(Session session, String from, String to, String origin, Instant at)
            throws MessagingException {
        String domain = from.substring(from.lastIndexOf('@') + 1);
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                // Random: JavaMail's own would name this machine's user and host.
                setHeader("Message-ID", "<" + UUID.randomUUID() + "@" + domain + ">");
            }
        };
        message.setFrom(new InternetAddress(from, true));
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to, true));
        message.setSubject(SUBJECT, StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(at));
        // RFC 3834: no vacation responder should answer it.
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setText(text(origin), StandardCharsets.UTF_8.name());
        message.saveChanges();
        return message;
    }
}
