package fr.caducee.gateway.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;

import javax.activation.DataHandler;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import fr.caducee.domain.documents.XdmArchive;
import fr.caducee.gateway.Peer;
import fr.caducee.gateway.admission.PatientTraits;

/**
 * The mails a document message becomes, as MSSanté messages produced from HL7 are written (CI-SIS volet
 * "transmission de documents CDA en HL7v2", page mapping-mss): From the hospital's APP box, To one recipient,
 * Reply-To PRT {@code REPLY}'s address, the body {@code CORPSMAIL_PS} / {@code CORPSMAIL_PATIENT} (or a French
 * sentence), the documents as {@code IHE_XDM.ZIP}, the subject {@code XDM/1.0/DDM+<title> <NAME> <given name>
 * <birth date>} (struct-email-standard). {@code X-MSS-CODECDA}, {@code X-MSS-INS} and {@code X-MSS-NIL} are set by
 * the submission chain from the archive and the session, as for any software.
 */
final class DocumentMails {
    static final String SUBJECT_PREFIX = "XDM/1.0/DDM+";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final Session SESSION = Session.getInstance(new Properties());

    private DocumentMails() {
    }

    /**
     * What every mail of one message shares.
     *
     * @param title the document's title (the CDA's, else OBX-3.2)
     * @param action what the message does to the document
     * @param archive the {@code IHE_XDM.ZIP}
     * @param replyTo PRT {@code REPLY}'s address, when given
     * @param at when the message was handled: the Date header
     */
    record Common(Peer peer, DocumentMessage document, String title, DocumentAction action, byte[] archive,
                  Optional<String> replyTo, Instant at) {
        PatientTraits patient() {
            return document.patient();
        }
    }

    /** The deposit to the shared record: the archive, and an MDN asked for the record's answer (its Z01). */
    static byte[] toRecord(Common common, String messageId, String recordBox) {
        String body = switch (common.action()) {
            case NEW -> "Dépôt du document « " + common.title() + " » de " + patient(common) + ".";
            case REPLACEMENT -> "Nouvelle version du document « " + common.title() + " » de " + patient(common)
                + " : elle remplace la version précédente.";
            case DELETION -> "Suppression du document « " + common.title() + " » de " + patient(common)
                + " : la version jointe est retirée.";
        };
        return write(common, messageId, recordBox, subject(common), body + "\n", true, true, Optional.empty());
    }

    /** To a professional (PRT RCT): the archive; a replacement or a deletion says so before any body given. */
    static byte[] toProfessional(Common common, String messageId, String recipient, boolean wantsReading) {
        Optional<String> given = common.document().flags().bodyForProfessionals().filter(text -> !text.isBlank());
        String body = switch (common.action()) {
            case NEW -> given.orElse("Bonjour,\n\nVous trouverez ci-joint le document « " + common.title() + " » concernant "
                + patient(common) + ", adressé par " + hospital(common) + ".\n\nCordialement.");
            case REPLACEMENT -> "Ce message remplace un envoi précédent : le document « " + common.title() + " » concernant "
                + patient(common) + " a été corrigé par " + hospital(common) + ". La version jointe remplace celle reçue "
                + "auparavant, qui ne doit plus être utilisée." + given.map(text -> "\n\n" + text).orElse("");
            case DELETION -> "Le document « " + common.title() + " » concernant " + patient(common) + ", que "
                + hospital(common) + " vous avait adressé, a été supprimé par son émetteur : il doit être retiré du dossier "
                + "du patient et ne doit plus être utilisé. Il est joint pour être reconnu (archive " + XdmArchive.FILE_NAME
                + ", statut Deprecated)." + given.map(text -> "\n\n" + text).orElse("");
        };
        return write(common, messageId, recipient, subject(common), body + "\n", true, wantsReading, Optional.empty());
    }

    /**
     * To the patient: the archive (the webmail shows its PDF); a deletion is told without the document, which the
     * patient's box has no software to withdraw it with.
     */
    static byte[] toPatient(Common common, String messageId, String recipient, boolean wantsReading) {
        Optional<String> given = common.document().flags().bodyForPatient().filter(text -> !text.isBlank());
        Optional<String> closing = common.document().flags().patientMayNotReply() ? Optional.of("FIN") : Optional.empty();
        return switch (common.action()) {
            case NEW -> write(common, messageId, recipient, subject(common), given.orElse("Bonjour,\n\n" + hospital(common)
                + " vous adresse le document « " + common.title() + " », joint à ce message.\n\nCordialement.") + "\n",
                true, wantsReading, closing);
            case REPLACEMENT -> write(common, messageId, recipient, subject(common), "Le document « " + common.title()
                + " » que " + hospital(common) + " vous avait adressé a été corrigé : la version jointe remplace la "
                + "précédente." + given.map(text -> "\n\n" + text).orElse("") + "\n", true, wantsReading, closing);
            case DELETION -> write(common, messageId, recipient, "Document retiré : " + common.title(), "Bonjour,\n\n"
                + "Le document « " + common.title() + " » que " + hospital(common) + " vous avait adressé a été retiré "
                + "par son émetteur : il ne doit plus être pris en compte.\n\nCordialement.\n", false, wantsReading,
                closing);
        };
    }

    static String subject(Common common) {
        PatientTraits patient = common.patient();
        StringBuilder subject = new StringBuilder(SUBJECT_PREFIX).append(common.title());
        if (!patient.family().isEmpty()) {
            subject.append(' ').append(patient.family());
        }
        if (!patient.given().isEmpty()) {
            subject.append(' ').append(patient.given());
        }
        patient.birthDate().ifPresent(date -> subject.append(' ').append(DAY.format(date)));
        return subject.toString().replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    private static String patient(Common common) {
        PatientTraits patient = common.patient();
        String name = patient.displayName().isEmpty() ? "votre patient(e)" : patient.displayName();
        return patient.birthDate().map(date -> name + " (né(e) le " + DAY.format(date) + ")").orElse(name);
    }

    private static String hospital(Common common) {
        return common.peer().name().isBlank() ? common.peer().box().address() : common.peer().name();
    }

    private static byte[] write(Common common, String messageId, String recipient, String subject, String body,
                                boolean withArchive, boolean wantsReading, Optional<String> closing) {
        try {
            MimeMessage message = new MimeMessage(SESSION) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", messageId);
                }
            };
            InternetAddress from = new InternetAddress(common.peer().box().address());
            if (!common.peer().name().isBlank()) {
                from.setPersonal(common.peer().name(), StandardCharsets.UTF_8.name());
            }
            message.setFrom(from);
            message.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(recipient, true));
            if (common.replyTo().isPresent()) {
                message.setReplyTo(InternetAddress.parse(common.replyTo().get(), true));
            }
            message.setSubject(subject, StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(common.at()));
            if (wantsReading) {
                // To the APP box, where the receipts code matches it with what the box sent: a ZAM^Z03 (or the Z01).
                message.setHeader("Disposition-Notification-To", common.peer().box().address());
            }
            if (closing.isPresent()) {
                // NTE-4 FIN after DESTMSSANTEPAT (page mapping-mss): the patient may not answer this conversation.
                message.setHeader("X-MSS-MES", closing.get());
            }
            MimeBodyPart text = new MimeBodyPart();
            text.setText(body, StandardCharsets.UTF_8.name());
            if (withArchive) {
                MimeMultipart mixed = new MimeMultipart("mixed");
                mixed.addBodyPart(text);
                MimeBodyPart archive = new MimeBodyPart();
                archive.setDataHandler(new DataHandler(new ByteArrayDataSource(common.archive(), "application/zip")));
                archive.setFileName(XdmArchive.FILE_NAME);
                archive.setDisposition(MimeBodyPart.ATTACHMENT);
                archive.setHeader("Content-Transfer-Encoding", "base64");
                mixed.addBodyPart(archive);
                message.setContent(mixed);
            } else {
                message.setText(body, StandardCharsets.UTF_8.name());
            }
            message.saveChanges();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            message.writeTo(bytes);
            return bytes.toByteArray();
        } catch (MessagingException e) {
            throw new IllegalStateException("a document mail could not be written: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
