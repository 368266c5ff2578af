package fr.caducee.server.storage.mailbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Content;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.store.streaming.PartContentBuilder;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;

/**
 * The numbered parts of a message whose own type is {@code message/rfc822} (a forwarded message sent as such, not
 * inside a multipart), as RFC 9051 6.4.5 numbers them: part 1 is the encapsulated message, so {@code 1.HEADER} is
 * its header, {@code 1.TEXT} its body and {@code 1.1}, {@code 1.2}... its own parts, numbered as if it stood alone
 * (and so on down, when it too is a {@code message/rfc822}).
 *
 * <p>James's part reader ({@code PartContentBuilder}) counts, at the top level, the first body it meets as part 1,
 * which for such a message is the encapsulated message's body: {@code BODY[1]} lost its header and
 * {@code BODY[1.HEADER]} was empty. Here part 1 is cut off and the rest of the path read from the encapsulated
 * message by James's reader, which numbers the parts of a message that is not itself {@code message/rfc822} right.
 */
final class EncapsulatedMessageParts {
    /** What a FETCH asks of a part: the four answers James's message results give for a part path. */
    enum Section { CONTENT, HEADER, TEXT, MIME }

    private EncapsulatedMessageParts() {
    }

    /** Whether the message is itself of type {@code message/rfc822} (its header read, not its body). */
    static boolean isEncapsulating(InputStream message) throws IOException {
        MimeTokenStream parser = new MimeTokenStream(MimeConfig.PERMISSIVE);
        parser.setRecursionMode(RecursionMode.M_FLAT);
        parser.parse(message);
        try {
            for (EntityState state = parser.getState(); state != EntityState.T_END_OF_STREAM; state = parser.next()) {
                if (state == EntityState.T_BODY || state == EntityState.T_START_MULTIPART) {
                    return "message/rfc822".equalsIgnoreCase(parser.getBodyDescriptor().getMimeType());
                }
            }
            return false;
        } catch (MimeException e) {
            return false;
        }
    }

    /** The header lines of a section that is a header (HEADER, MIME) of the part at {@code path} (1-based). */
    static List<Header> headers(byte[] message, int[] path, Section section) throws MailboxException {
        try {
            if (isEncapsulating(new ByteArrayInputStream(message)) && path.length > 0 && path[0] == 1) {
                byte[] encapsulated = bodyOf(message);
                if (path.length == 1) {
                    // The MIME header of part 1 of a single-part message is the message's own header.
                    return section == Section.MIME ? reader(message, new int[0]).getMimeHeaders()
                        : reader(encapsulated, new int[0]).getMessageHeaders();
                }
                return headers(encapsulated, rest(path), section);
            }
            PartContentBuilder reader = reader(message, path);
            return section == Section.MIME ? reader.getMimeHeaders() : reader.getMessageHeaders();
        } catch (IOException | MimeException e) {
            throw new MailboxException("Unable to read part " + Arrays.toString(path), e);
        }
    }

    /** The bytes of a section that is content (CONTENT, TEXT) of the part at {@code path} (1-based). */
    static Content content(byte[] message, int[] path, Section section) throws MailboxException {
        try {
            if (isEncapsulating(new ByteArrayInputStream(message)) && path.length > 0 && path[0] == 1) {
                byte[] encapsulated = bodyOf(message);
                if (path.length == 1) {
                    return section == Section.CONTENT ? new BytesContent(encapsulated)
                        : reader(encapsulated, new int[0]).getMessageBodyContent();
                }
                return content(encapsulated, rest(path), section);
            }
            PartContentBuilder reader = reader(message, path);
            return section == Section.CONTENT ? reader.getMimeBodyContent() : reader.getMessageBodyContent();
        } catch (IOException | MimeException e) {
            throw new MailboxException("Unable to read part " + Arrays.toString(path), e);
        }
    }

    private static byte[] bodyOf(byte[] message) throws IOException, MimeException {
        try (InputStream body = reader(message, new int[0]).getMessageBodyContent().getInputStream()) {
            return body.readAllBytes();
        }
    }

    private static int[] rest(int[] path) {
        return Arrays.copyOfRange(path, 1, path.length);
    }

    /** James's reader placed on the part at {@code path}; a part that does not exist reads as empty (as James's). */
    private static PartContentBuilder reader(byte[] message, int[] path) throws IOException, MimeException {
        PartContentBuilder reader = new PartContentBuilder();
        reader.parse(new ByteArrayInputStream(message));
        try {
            for (int position : path) {
                reader.to(position);
            }
        } catch (PartContentBuilder.PartNotFoundException e) {
            reader.markEmpty();
        }
        return reader;
    }

    /** Bytes held in memory, as James's readers give a part. */
    private static final class BytesContent implements Content {
        private final byte[] bytes;

        BytesContent(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public long size() {
            return bytes.length;
        }
    }
}
