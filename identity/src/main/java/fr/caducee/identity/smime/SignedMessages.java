package fr.caducee.identity.smime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Properties;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;

import org.bouncycastle.cms.CMSException;
import org.bouncycastle.mail.smime.SMIMEException;
import org.bouncycastle.mail.smime.SMIMESigned;

/**
 * What a signed message says, for code that reads it (receipts: a DSN or MDN wrapped in {@code multipart/signed} is
 * still a report): the signed content as a message of its own, with the outer message's headers and the content's
 * {@code Content-*} headers and body. Nothing is verified here ({@link SignatureVerifier} does that).
 */
public final class SignedMessages {
    private static final Session SESSION = Session.getInstance(new Properties());
    /** A signed message inside a signed message is unwrapped again, this many times at most. */
    private static final int MAX_LAYERS = 4;

    private SignedMessages() {
    }

    /**
     * The content of a signed message, with the outer headers; any other message as it is.
     *
     * @throws MessagingException when the message says it is signed but its content cannot be read
     */
    public static MimeMessage unwrapped(MimeMessage message) throws MessagingException {
        MimeMessage current = message;
        for (int layer = 0; layer < MAX_LAYERS && ServerSigner.isSigned(current); layer++) {
            current = withContent(current, content(current));
        }
        return current;
    }

    private static MimeBodyPart content(MimeMessage message) throws MessagingException {
        try {
            if (message.isMimeType("multipart/signed")) {
                Multipart parts = (Multipart) message.getContent();
                if (parts.getCount() < 1) {
                    throw new MessagingException("a multipart/signed message without its content part");
                }
                BodyPart first = parts.getBodyPart(0);
                if (first instanceof MimeBodyPart part) {
                    return part;
                }
                throw new MessagingException("the signed content is not a MIME part");
            }
            return new SMIMESigned(message).getContent();
        } catch (IOException | CMSException | SMIMEException | ClassCastException e) {
            throw new MessagingException("the signed content cannot be read: " + e.getMessage(), e);
        }
    }

    private static MimeMessage withContent(MimeMessage outer, MimeBodyPart content) throws MessagingException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // Header lines as JavaMail read them: one char per byte.
        try {
            Enumeration<String> outerLines = outer.getNonMatchingHeaderLines(new String[0]);
            while (outerLines.hasMoreElements()) {
                String line = outerLines.nextElement();
                if (!line.toLowerCase(Locale.ROOT).startsWith("content-")) {
                    bytes.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
            }
            Enumeration<String> contentLines = content.getAllHeaderLines();
            while (contentLines.hasMoreElements()) {
                bytes.write((contentLines.nextElement() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            bytes.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            try (InputStream body = content.getRawInputStream()) {
                body.transferTo(bytes);
            }
        } catch (IOException e) {
            throw new MessagingException("the signed content cannot be read: " + e.getMessage(), e);
        }
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes.toByteArray()));
    }
}
