package fr.caducee.rules.senders;

import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * The mark of a mail this server wrote itself (a DSN, the record's receipts and notices, the gateway's notices,
 * corrections, summaries and documents), set where it is written, so that the operator's signature goes on these and
 * on nothing a professional or another operator sent ({@code server.smime.ServerMessageSigning}). A mail attribute:
 * no client can set one, and the spool keeps it. Its value says what wrote the mail, for the logs.
 */
public final class ServerWritten {
    public static final AttributeName NAME = AttributeName.of("fr.caducee.serverWritten");

    private ServerWritten() {
    }

    /** @param writer what wrote it: {@code dsn}, {@code record-receipt}, {@code gateway}... */
    public static void mark(Mail mail, String writer) {
        mail.setAttribute(new Attribute(NAME, AttributeValue.of(writer)));
    }

    /** What wrote the mail, when the server did. */
    public static Optional<String> writer(Mail mail) {
        return mail.getAttribute(NAME).map(attribute -> String.valueOf(attribute.getValue().value()));
    }
}
