package fr.caducee.records.receipt;

import java.util.Objects;

import javax.mail.internet.MimeMessage;

/**
 * A receipt ready to send.
 *
 * @param to the envelope recipient: the deposit's envelope sender
 * @param form MDN or plain e-mail
 * @param message the receipt itself, From the record's box, sent with the null envelope sender (RFC 8098 section 3,
 *     RFC 3834: nothing answers an automatic answer)
 */
public record Receipt(String to, Form form, MimeMessage message) {
    /** The two forms of ANS's receipts. */
    public enum Form {
        /** {@code multipart/report; report-type=disposition-notification}, asked for by Disposition-Notification-To. */
        MDN,
        /** {@code multipart/mixed}: the plain e-mail receipt, when no MDN was asked for. */
        PLAIN
    }

    public Receipt {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(message, "message");
    }
}
