package fr.caducee.server.webmail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.util.MimeUtil;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * A stored message as the webmail shows it, parsed from its bytes (mime4j): who wrote it and to whom, its subject,
 * date and ids, its {@code text/plain} and {@code text/html} bodies (the HTML as sent: the webmail cleans it), and its
 * attachments, decoded, named as the sender named them without any path. A part is a body when it is the first of its
 * kind that is not marked as an attachment and has no file name; every other leaf part is an attachment.
 */
final class StoredMail {
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");
    /** Messages were accepted under the chain's limits; the parser's own limits are not the place to refuse them. */
    private static final MimeConfig CONFIG = MimeConfig.custom().setMaxLineLen(-1).setMaxHeaderLen(-1)
        .setMaxHeaderCount(-1).setMaxContentLen(-1).build();

    private final Message message;
    private String text;
    private String html;
    private final List<Part> attachments = new ArrayList<>();

    /** An attachment, decoded. */
    record Part(String fileName, String mediaType, byte[] content) {
    }

    private StoredMail(Message message) {
        this.message = message;
    }

    /** The message whose header and body the store keeps apart (its header ends with the blank line). */
    static StoredMail parse(byte[] header, byte[] body) throws IOException {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(CONFIG);
        builder.setDecodeMonitor(DecodeMonitor.SILENT);
        InputStream bytes = new SequenceInputStream(new ByteArrayInputStream(header), new ByteArrayInputStream(body));
        StoredMail mail = new StoredMail(builder.parseMessage(bytes));
        mail.walk(mail.message);
        return mail;
    }

    /** The header alone: enough for the subject and the sender of a line of the conversation list. */
    static StoredMail headerOf(byte[] header) throws IOException {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(CONFIG);
        builder.setDecodeMonitor(DecodeMonitor.SILENT);
        return new StoredMail(builder.parseMessage(new ByteArrayInputStream(header)));
    }

    /**
     * Its subject, RFC 2047 words decoded; written unencoded, its bytes are read as UTF-8 when they are (RFC 6532,
     * and what clients write), as ISO-8859-1 otherwise, where mime4j alone reads every byte as one character.
     */
    String subject() {
        Field field = message.getHeader().getField("Subject");
        if (field == null) {
            return "";
        }
        ByteSequence raw = field.getRaw();
        if (raw == null) {
            return Optional.ofNullable(message.getSubject()).orElse("");
        }
        byte[] bytes = raw.toByteArray();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        int colon = text.indexOf(':');
        String value = MimeUtil.unfold(colon < 0 ? text : text.substring(colon + 1)).strip();
        return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
    }

    /** The first address of {@code From}, lower case. */
    Optional<String> from() {
        if (message.getFrom() == null || message.getFrom().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(message.getFrom().get(0).getAddress().toLowerCase(Locale.ROOT));
    }

    /** The addresses of {@code To} then {@code Cc}, lower case, each once. */
    List<String> recipients() {
        List<String> addresses = new ArrayList<>();
        for (AddressList list : new AddressList[] {message.getTo(), message.getCc()}) {
            if (list == null) {
                continue;
            }
            for (Address address : list) {
                List<Mailbox> mailboxes = address instanceof Group group ? group.getMailboxes() : List.of((Mailbox) address);
                for (Mailbox mailbox : mailboxes) {
                    String lower = mailbox.getAddress().toLowerCase(Locale.ROOT);
                    if (!addresses.contains(lower)) {
                        addresses.add(lower);
                    }
                }
            }
        }
        return addresses;
    }

    Optional<Instant> date() {
        return Optional.ofNullable(message.getDate()).map(Date::toInstant);
    }

    /** Its Message-ID with angle brackets; empty when it has none. */
    String messageId() {
        return ids(message.getMessageId()).stream().findFirst().orElse("");
    }

    /** The ids of its References, in order. */
    List<String> references() {
        Field field = message.getHeader().getField("References");
        return field == null ? List.of() : ids(field.getBody());
    }

    Optional<String> text() {
        return Optional.ofNullable(text);
    }

    Optional<String> html() {
        return Optional.ofNullable(html);
    }

    List<Part> attachments() {
        return List.copyOf(attachments);
    }

    private void walk(Entity entity) throws IOException {
        Body body = entity.getBody();
        if (body instanceof Multipart multipart) {
            for (Entity part : multipart.getBodyParts()) {
                walk(part);
            }
            return;
        }
        String type = entity.getMimeType() == null ? "text/plain" : entity.getMimeType().toLowerCase(Locale.ROOT);
        if (type.equals("application/pkcs7-signature") || type.equals("application/x-pkcs7-signature")) {
            // The S/MIME signature of a multipart/signed (the operator's on its notices): nothing a patient opens.
            return;
        }
        Optional<String> fileName = fileName(entity);
        boolean attachment = "attachment".equalsIgnoreCase(entity.getDispositionType()) || fileName.isPresent();
        if (!attachment && body instanceof TextBody textBody && type.equals("text/plain") && text == null) {
            text = read(textBody);
        } else if (!attachment && body instanceof TextBody textBody && type.equals("text/html") && html == null) {
            html = read(textBody);
        } else if (body instanceof SingleBody single) {
            try (InputStream in = single.getInputStream()) {
                attachments.add(new Part(FileNames.clean(fileName.orElse(FileNames.UNNAMED)), type, in.readAllBytes()));
            }
        } else if (body instanceof Message embedded) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new DefaultMessageWriter().writeMessage(embedded, out);
            attachments.add(new Part(FileNames.clean(fileName.orElse("message.eml")), "message/rfc822",
                out.toByteArray()));
        }
    }

    /** The file name of Content-Disposition, else the name of Content-Type, RFC 2047 words decoded. */
    private static Optional<String> fileName(Entity entity) {
        String name = entity.getFilename();
        if ((name == null || name.isBlank()) && entity.getHeader().getField("Content-Type") instanceof ContentTypeField type) {
            name = type.getParameter("name");
        }
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(DecoderUtil.decodeEncodedWords(name, DecodeMonitor.SILENT));
    }

    private static String read(TextBody body) throws IOException {
        try (Reader reader = body.getReader()) {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[8192];
            for (int read; (read = reader.read(buffer)) > 0; ) {
                text.append(buffer, 0, read);
            }
            return text.toString();
        }
    }

    private static List<String> ids(String header) {
        if (header == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        Matcher matcher = MESSAGE_ID.matcher(header);
        while (matcher.find()) {
            ids.add(matcher.group());
        }
        return ids;
    }
}
