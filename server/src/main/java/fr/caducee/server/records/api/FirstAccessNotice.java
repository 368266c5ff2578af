package fr.caducee.server.records.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.Professional;
import fr.caducee.records.access.AccessMode;
import fr.caducee.records.access.AccessRequest;
import fr.caducee.records.access.Reader;
import fr.caducee.rules.senders.ServerWritten;
import fr.caducee.server.records.RecordsSettings;

/**
 * The message a patient's box receives at the first access to their record by a professional (or software) new to
 * it: who, when, in which mode; never anything of the record's content. From the record's box, as the notice of a
 * new document, so that the patient meets one sender for their record. Put in the spool (durable) from the null
 * sender, so that nothing bounces back; a patient without a box here is logged, not told.
 */
public class FirstAccessNotice {
    private static final Logger LOGGER = LoggerFactory.getLogger(FirstAccessNotice.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' HH:mm", Locale.FRENCH)
        .withZone(ZoneId.of("Europe/Paris"));

    static final String SUBJECT = "Un nouveau professionnel a consulté votre dossier médical";

    private final Directory directory;
    private final MailetContext mailetContext;
    private final String recordBox;
    private final Session session;

    @Inject
    public FirstAccessNotice(Directory directory, MailetContext mailetContext, RecordsSettings settings) {
        this.directory = directory;
        this.mailetContext = mailetContext;
        this.recordBox = settings.box();
        Properties properties = new Properties();
        // Message-IDs in the record box's domain.
        properties.setProperty("mail.from", recordBox);
        this.session = Session.getInstance(properties);
    }

    void send(String patientIns, AccessRequest request, Instant at) {
        Optional<Patient> patient = directory.patient(Ins.parse(patientIns));
        if (patient.isEmpty()) {
            LOGGER.info("First access to the record of {} by {}: the patient has no box here to be told", patientIns,
                request.reader().id());
            return;
        }
        try {
            String box = patient.get().boxAddress().address();
            MimeMessage message = write(box, request, at);
            MailImpl mail = MailImpl.builder()
                .name("record-first-access-" + UUID.randomUUID())
                .sender(MailAddress.nullSender())
                .addRecipient(new MailAddress(box))
                .mimeMessage(message)
                .build();
            ServerWritten.mark(mail, "record-first-access");
            try {
                mailetContext.sendMail(mail);
            } finally {
                // The spool holds its own copy once sendMail returns.
                LifecycleUtil.dispose(mail);
            }
        } catch (MessagingException e) {
            LOGGER.error("The first-access notice to patient {} could not be spooled", patientIns, e);
        }
    }

    MimeMessage write(String patientBox, AccessRequest request, Instant at) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(recordBox));
        message.setRecipients(javax.mail.Message.RecipientType.TO, patientBox);
        message.setSubject(SUBJECT, StandardCharsets.UTF_8.name());
        message.setSentDate(java.util.Date.from(at));
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setText(text(request, at), StandardCharsets.UTF_8.name());
        message.saveChanges();
        return message;
    }

    String text(AccessRequest request, Instant at) {
        StringBuilder text = new StringBuilder("Bonjour,\n\nLe ").append(WHEN.format(at)).append(", ")
            .append(who(request.reader())).append(" a consulté votre dossier médical partagé pour la première fois");
        if (request.mode() == AccessMode.EMERGENCY) {
            text.append(", en urgence (accès « bris de glace »)");
        } else if (request.mode() == AccessMode.REGULATOR) {
            text.append(", en tant que régulateur du SAMU-Centre 15");
        }
        return text.append(".\n\nVous pouvez lire la liste de tous les accès à votre dossier, refuser l'accès en urgence et "
            + "bloquer un professionnel depuis votre espace.\n\nCe message est envoyé automatiquement : n'y répondez pas.\n")
            .toString();
    }

    private String who(Reader reader) {
        if (reader instanceof Reader.Professional professional) {
            Optional<Professional> known = directory.professional(IdNat.parse(professional.idNat()));
            return known.map(p -> (p.title().isEmpty() ? "" : p.title() + " ") + (p.firstName() + " " + p.lastName()).strip()
                    + (p.professionLabel().isEmpty() ? "" : " (" + p.professionLabel() + ")"))
                .orElse("un professionnel de santé") + ", identifiant national " + professional.idNat() + ",";
        }
        return "le logiciel de la boîte " + reader.box() + ",";
    }
}
