package fr.caducee.records.notice;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

/**
 * The message a patient's box receives when a document is added to their record: its title, who added it and when,
 * nothing more (no clinical data beyond the title, no attachment: the patient reads the document in their record).
 * Never written for a document marked {@code INVISIBLE_PATIENT}: the caller leaves those out.
 */
public final class NewDocumentNotice {
    static final String SUBJECT = "Nouveau document dans votre dossier médical partagé";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy 'à' HH'h'mm");
    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");

    private final String recordBox;
    private final Session session;

    /** @param recordBox the record's box, From of the notice */
    public NewDocumentNotice(String recordBox) {
        this.recordBox = Objects.requireNonNull(recordBox, "recordBox");
        Properties properties = new Properties();
        properties.setProperty("mail.from", recordBox);
        this.session = Session.getInstance(properties);
    }

    /**
     * @param patientBox the patient's box, {@code <INS>@patient.<domain>}
     * @param title the CDA's title
     * @param author how the author is shown: their name as the directory knows it ({@code Dr Claire Martin})
     * @param added when the document was added
     */
    public MimeMessage write(String patientBox, String title, String author, Instant added) throws MessagingException {
        MimeMessage notice = new MimeMessage(session);
        notice.setFrom(new InternetAddress(recordBox));
        notice.setRecipient(Message.RecipientType.TO, new InternetAddress(patientBox));
        notice.setSubject(SUBJECT, StandardCharsets.UTF_8.name());
        notice.setSentDate(Date.from(added));
        notice.setHeader("Auto-Submitted", "auto-generated");
        notice.setText(text(title, author, added), StandardCharsets.UTF_8.name());
        notice.saveChanges();
        return notice;
    }

    static String text(String title, String author, Instant added) {
        return "Bonjour,\r\n\r\n"
            + "Un document intitulé « " + oneLine(title) + " » a été ajouté à votre dossier médical partagé par "
            + oneLine(author) + " le " + DAY.format(added.atZone(FRANCE)) + ".\r\n\r\n"
            + "Vous pouvez le consulter dans votre dossier. Ce message est envoyé automatiquement : n'y répondez pas.\r\n";
    }

    /** A title or a name on one line, so that it cannot add lines of its own to the message. */
    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n\\t]+", " ").trim();
    }
}
