package fr.caducee.webmail.port;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of a conversation as the page shows it. The HTML body is given as the sender wrote it: the webmail
 * cleans it before showing it (never trust it here).
 *
 * @param ref         opaque, stable, unguessable only together with the session's box: what download paths carry;
 *                    a ref of another patient's box is unknown to this one
 * @param from        who wrote it (the patient themselves for a message they sent)
 * @param to          its recipients
 * @param fromPatient true when the patient of the box wrote it
 * @param subject     prefixes {@code XDM/1.0/DDM+} removed
 * @param date        its Date header, else its arrival
 * @param seen        false for a received message not seen yet
 * @param text        the text/plain body, or empty
 * @param html        the text/html body as received, or empty
 * @param attachments what it carries, in order
 * @param messageId   its Message-ID header, with angle brackets (what a reply names in In-Reply-To)
 * @param references  its References header's ids, in order
 */
public record MailMessage(String ref, Correspondent from, List<Correspondent> to, boolean fromPatient, String subject,
                          Instant date, boolean seen, Optional<String> text, Optional<String> html,
                          List<AttachmentInfo> attachments, String messageId, List<String> references) {

    public MailMessage {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(from, "from");
        to = List.copyOf(to);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(date, "date");
        text = Objects.requireNonNullElse(text, Optional.empty());
        html = Objects.requireNonNullElse(html, Optional.empty());
        attachments = List.copyOf(attachments);
        Objects.requireNonNull(messageId, "messageId");
        references = List.copyOf(references);
    }

    /**
     * An attachment. An {@code IHE_XDM.ZIP} whose CDA document carries a PDF rendition (or comes with one) is shown
     * as that PDF: {@code pdfRendition} true, {@code fileName} ending in .pdf, its download the PDF.
     *
     * @param index        position among the message's attachments, from 0 (what the download path carries)
     * @param fileName     as the sender named it, cleaned of any path
     * @param mediaType    "application/pdf", "image/jpeg"...
     * @param size         bytes, as downloaded
     * @param pdfRendition true when shown through the PDF counterpart of a CDA document
     */
    public record AttachmentInfo(int index, String fileName, String mediaType, long size, boolean pdfRendition) {
        public AttachmentInfo {
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(mediaType, "mediaType");
        }
    }
}
