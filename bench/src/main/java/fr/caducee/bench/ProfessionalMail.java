package fr.caducee.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLContext;

/**
 * Professionals writing to their patients as their mail clients do: submission with STARTTLS and AUTH as their own
 * box, plain French text, a Message-ID of the sender's domain, and, for a message that follows an earlier one,
 * {@code In-Reply-To} and {@code References} (which is how the server files it in the same conversation).
 */
final class ProfessionalMail {
    static final String[] SUBJECTS = {"Résultats d'analyses", "Compte rendu de consultation", "Votre ordonnance",
        "Rendez-vous de suivi", "Compte rendu d'imagerie", "Bilan avant l'intervention", "Vaccination",
        "Résultats du contrôle"};

    private final Session session;

    ProfessionalMail(String host, int port, SSLContext tls) {
        this.session = Session.getInstance(MailSessions.submissionAndImaps(host, port, tls));
    }

    /** A box and its password. */
    record Credentials(String address, String password) {
    }

    /** "address password" lines; the file is owner-only, made by the script that runs the load. */
    static List<Credentials> read(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
            .filter(line -> !line.isEmpty()).map(line -> {
                String[] fields = line.split("\\s+", 2);
                if (fields.length != 2) {
                    throw new IllegalArgumentException(file + ": expected \"address password\" lines");
                }
                return new Credentials(fields[0], fields[1]);
            }).toList();
    }

    /** A submission session logged in as the box, kept for all its messages. */
    Transport connect(Credentials box) throws MessagingException {
        Transport transport = session.getTransport("smtp");
        transport.connect(box.address(), box.password());
        return transport;
    }

    /**
     * A message from {@code from} to {@code to} with its own Message-ID {@code messageId} ({@code <...>}), following
     * {@code follows} (a Message-ID) when not null.
     */
    MimeMessage message(String from, String to, String subject, String text, String messageId, String follows)
            throws MessagingException {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, "UTF-8");
        message.setSentDate(new Date());
        if (follows != null) {
            message.setHeader("In-Reply-To", follows);
            message.setHeader("References", follows);
        }
        message.setText(text, "UTF-8", "plain");
        message.saveChanges();
        return message;
    }

    /** A Message-ID of the sender's domain. */
    static String messageId(String from, String unique) {
        return "<" + unique + "@" + from.substring(from.indexOf('@') + 1) + ">";
    }

    /** About 600 bytes of a professional's French prose. */
    static String text(int number) {
        return "Bonjour,\n\nVoici les éléments dont nous avons parlé (message n° " + number + ").\n\n"
            + BenchMessage.body(480) + "\nBien cordialement,\n";
    }
}
