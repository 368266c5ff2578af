package fr.caducee.records.receipt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

import javax.activation.DataHandler;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import fr.caducee.records.DepositRefusal;

/**
 * Writes the receipt of a message the record's box handled, in ANS's forms:
 * <ul>
 *   <li>an MDN (RFC 8098) when the message carries {@code Disposition-Notification-To} naming its envelope sender:
 *       {@code multipart/report; report-type=disposition-notification} with a text for people (code and label), the
 *       {@code message/disposition-notification} fields (Reporting-UA, Original-Recipient, Final-Recipient,
 *       Original-Message-ID, Disposition), the original message, then its attachments again;</li>
 *   <li>otherwise the plain e-mail receipt: {@code multipart/mixed}, the same text, the original message and its
 *       attachments. RFC 8098 section 2.1: an MDN is not sent on its own to an address other than the envelope
 *       sender's, which could make a receipt loop; the envelope sender is told, in the plain form.</li>
 * </ul>
 * Success keeps the original subject; a refusal's subject is {@code [KO Intégration système !][<code>] <subject>},
 * and its Disposition {@code automatic-action/MDN-sent-automatically; processed/Error: <code>^<label>} as ANS writes
 * it (not RFC 8098's {@code Error:} field). Nothing is sent for a message with the null envelope sender.
 */
public final class DepositReceipts {
    public static final String DISPOSITION_NOTIFICATION_TO = "Disposition-Notification-To";
    public static final String ORIGINAL_RECIPIENT = "Original-Recipient";
    static final String DISPOSITION_PREFIX = "automatic-action/MDN-sent-automatically; processed";
    static final String FAILURE_SUBJECT_PREFIX = "[KO Intégration système !]";

    private final String recordBox;
    private final String reportingUa;
    private final Session session;

    /**
     * @param recordBox the record's box, From of every receipt and their Final-Recipient
     * @param product the software's name and version for Reporting-UA ({@code Caducee/0.1})
     */
    public DepositReceipts(String recordBox, String product) {
        this.recordBox = Objects.requireNonNull(recordBox, "recordBox");
        String domain = recordBox.substring(recordBox.indexOf('@') + 1);
        this.reportingUa = domain + "; " + Objects.requireNonNull(product, "product");
        Properties properties = new Properties();
        // Message-IDs of receipts in the record box's domain.
        properties.setProperty("mail.from", recordBox);
        this.session = Session.getInstance(properties);
    }

    /**
     * @param original the message the record's box received
     * @param envelopeSender its envelope sender, empty for the null sender
     * @param envelopeRecipient the record box address it was delivered to
     * @param refusal empty when the deposit was integrated (or was already)
     * @return the receipt; empty for the null sender, to whom nothing is sent
     */
    public Optional<Receipt> receipt(MimeMessage original, Optional<String> envelopeSender, String envelopeRecipient,
                                     Optional<DepositRefusal> refusal) throws MessagingException, IOException {
        if (envelopeSender.isEmpty() || envelopeSender.get().isBlank()) {
            return Optional.empty();
        }
        String to = envelopeSender.get();
        Receipt.Form form = asksForMdn(original, to) ? Receipt.Form.MDN : Receipt.Form.PLAIN;
        MimeMessage receipt = new MimeMessage(session);
        receipt.setFrom(new InternetAddress(recordBox));
        receipt.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(to));
        receipt.setSubject(subject(original, refusal), StandardCharsets.UTF_8.name());
        receipt.setSentDate(new java.util.Date());
        receipt.setHeader("Auto-Submitted", "auto-replied");
        Optional.ofNullable(original.getMessageID()).ifPresent(id -> {
            try {
                receipt.setHeader("In-Reply-To", id);
                receipt.setHeader("References", id);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        });

        MimeMultipart body = form == Receipt.Form.MDN
            ? new MimeMultipart("report; report-type=disposition-notification")
            : new MimeMultipart("mixed");
        body.addBodyPart(text(refusal, form));
        if (form == Receipt.Form.MDN) {
            body.addBodyPart(notification(original, envelopeRecipient, refusal));
        }
        body.addBodyPart(originalMessage(original));
        for (MimeBodyPart attachment : attachmentsOf(original)) {
            body.addBodyPart(attachment);
        }
        receipt.setContent(body);
        receipt.saveChanges();
        return Optional.of(new Receipt(to, form, receipt));
    }

    /** RFC 8098 2.1: asked for, and by the envelope sender itself. */
    static boolean asksForMdn(MimeMessage original, String envelopeSender) throws MessagingException {
        String[] fields = original.getHeader(DISPOSITION_NOTIFICATION_TO);
        if (fields == null) {
            return false;
        }
        for (String field : fields) {
            try {
                for (InternetAddress address : InternetAddress.parseHeader(field, false)) {
                    if (address.getAddress() != null && address.getAddress().equalsIgnoreCase(envelopeSender)) {
                        return true;
                    }
                }
            } catch (AddressException e) {
                // An unreadable field asks for nothing: the plain receipt goes to the envelope sender.
            }
        }
        return false;
    }

    static String subject(MimeMessage original, Optional<DepositRefusal> refusal) throws MessagingException {
        String subject = Optional.ofNullable(original.getSubject()).orElse("");
        return refusal.map(r -> FAILURE_SUBJECT_PREFIX + "[" + r.error().code() + "] " + subject).orElse(subject);
    }

    /** The Disposition field's value, as ANS writes it. */
    public static String disposition(Optional<DepositRefusal> refusal) {
        return refusal.map(r -> DISPOSITION_PREFIX + "/Error: " + r.error().codeAndLabel()).orElse(DISPOSITION_PREFIX);
    }

    private MimeBodyPart text(Optional<DepositRefusal> refusal, Receipt.Form form) throws MessagingException {
        StringBuilder text = new StringBuilder("Bonjour,\r\n\r\n");
        if (refusal.isEmpty()) {
            text.append("Le document envoyé a été intégré dans le dossier partagé du patient (").append(recordBox)
                .append(").\r\n");
        } else {
            DepositRefusal r = refusal.get();
            text.append("Le message ci-dessous n'a pas pu être intégré automatiquement dans le dossier partagé du ")
                .append("patient pour la raison suivante : ").append(r.error().label()).append("\r\n\r\n")
                .append("- Erreur détectée : ").append(r.error().label()).append("\r\n")
                .append("- Code d'erreur : ").append(r.error().code()).append("\r\n")
                .append("- Détail : ").append(r.sentence()).append("\r\n")
                .append("- Règle : ").append(r.rule()).append("\r\n\r\n")
                .append("Rien n'a été enregistré. Corrigez le document et envoyez-le à nouveau.\r\n");
        }
        text.append("\r\nVous trouverez en pièce jointe le message d'origine et ses pièces jointes.\r\n");
        if (form == Receipt.Form.MDN) {
            text.append("Disposition: ").append(disposition(refusal)).append("\r\n");
        }
        MimeBodyPart part = new MimeBodyPart();
        part.setText(text.toString(), StandardCharsets.UTF_8.name());
        return part;
    }

    private MimeBodyPart notification(MimeMessage original, String envelopeRecipient, Optional<DepositRefusal> refusal)
            throws MessagingException {
        StringBuilder fields = new StringBuilder();
        fields.append("Reporting-UA: ").append(reportingUa).append("\r\n");
        fields.append("Original-Recipient: ").append(originalRecipient(original, envelopeRecipient)).append("\r\n");
        fields.append("Final-Recipient: rfc822;").append(recordBox).append("\r\n");
        Optional.ofNullable(original.getMessageID())
            .ifPresent(id -> fields.append("Original-Message-ID: ").append(id).append("\r\n"));
        fields.append("Disposition: ").append(disposition(refusal)).append("\r\n");
        byte[] bytes = fields.toString().getBytes(StandardCharsets.UTF_8);
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes, "message/disposition-notification")));
        // A message/* part is never base64 (RFC 2046 5.2): 8bit when a label has accents (SMTP 8BITMIME).
        part.setHeader("Content-Transfer-Encoding", isAscii(bytes) ? "7bit" : "8bit");
        return part;
    }

    /** The original's Original-Recipient field (RFC 8098 3.2.3, as the sender wrote it), else its envelope recipient. */
    static String originalRecipient(MimeMessage original, String envelopeRecipient) throws MessagingException {
        String field = original.getHeader(ORIGINAL_RECIPIENT, null);
        if (field != null && !field.isBlank()) {
            String value = field.replaceAll("[\\r\\n]", "").trim();
            return value.contains(";") ? value : "rfc822;" + value;
        }
        return "rfc822;" + envelopeRecipient;
    }

    private static MimeBodyPart originalMessage(MimeMessage original) throws MessagingException, IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        original.writeTo(bytes);
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes.toByteArray(), "message/rfc822")));
        part.setDisposition(Part.ATTACHMENT);
        part.setFileName("message_original.eml");
        part.setHeader("Content-Transfer-Encoding", isAscii(bytes.toByteArray()) ? "7bit" : "8bit");
        return part;
    }

    /** The original's attachments (the IHE_XDM.ZIP, the PDF), at any depth, re-encoded as they were named. */
    static List<MimeBodyPart> attachmentsOf(Part message) throws MessagingException, IOException {
        List<MimeBodyPart> found = new ArrayList<>();
        collect(message, 0, found);
        return found;
    }

    private static void collect(Part part, int depth, List<MimeBodyPart> found) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            if (depth >= 32) {
                return;
            }
            Object content = part.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    try {
                        collect(multipart.getBodyPart(i), depth + 1, found);
                    } catch (MessagingException | IOException e) {
                        // A part that cannot be decoded again is still in the original message, attached whole.
                    }
                }
            }
            return;
        }
        if (part.isMimeType("message/rfc822") || part.getFileName() == null) {
            return;
        }
        MimeBodyPart copy = new MimeBodyPart();
        copy.setDataHandler(new DataHandler(new ByteArrayDataSource(part.getInputStream().readAllBytes(),
            baseType(part.getContentType()))));
        copy.setFileName(part.getFileName());
        copy.setDisposition(Part.ATTACHMENT);
        copy.setHeader("Content-Transfer-Encoding", "base64");
        found.add(copy);
    }

    private static String baseType(String contentType) {
        if (contentType == null) {
            return "application/octet-stream";
        }
        String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return base.matches("[a-z0-9.+-]+/[a-z0-9.+-]+") ? base : "application/octet-stream";
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
