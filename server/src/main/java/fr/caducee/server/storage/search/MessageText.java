package fr.caducee.server.storage.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.MimeUtil;
import org.jsoup.Jsoup;

/**
 * What SEARCH and SORT read of one message, taken from its bytes once, when it is stored: its headers decoded
 * (RFC 2047) and folded, the text of its {@code text/*} parts (transfer encoding and charset decoded, HTML without
 * its markup) folded and bounded, its sent date and its RFC 5256 sort keys.
 */
record MessageText(String headers, String body, Optional<Instant> sentAt, Optional<LocalDate> sentDay,
                   String sortSubject, String sortFrom, String sortTo, String sortCc,
                   String displayFrom, String displayTo, String messageIdHeader, List<String> threadReferences,
                   boolean subjectReply, boolean hasAttachment, List<String> attachmentNames) {
    /**
     * Text of the body kept for search, in characters: 1 MiB of text is several hundred pages, far more than any
     * letter, report or prescription; what a larger text part holds past it is not found by BODY or TEXT.
     */
    static final int MAX_BODY_CHARS = 1 << 20;
    /** Headers kept for search, in characters (a message with thousands of Received: lines stays indexable). */
    static final int MAX_HEADER_CHARS = 256 * 1024;

    static MessageText of(MailboxMessage message) throws IOException {
        Collector collector = new Collector();
        MimeStreamParser parser = new MimeStreamParser(MimeConfig.PERMISSIVE, DecodeMonitor.SILENT,
            new DefaultBodyDescriptorBuilder());
        parser.setContentDecoding(true);
        parser.setContentHandler(collector);
        try (InputStream content = message.getFullContent()) {
            parser.parse(content);
        } catch (MimeException | RuntimeException e) {
            // A malformed message is still stored: what was read before the fault is indexed.
            collector.body.append(' ');
        }
        String subject = collector.first("subject");
        String from = collector.first("from");
        String to = collector.first("to");
        String date = collector.first("date");
        String decodedSubject = subject == null ? "" : MimeUtil.unscrambleHeaderValue(subject).trim();
        BaseSubject baseSubject = BaseSubject.of(decodedSubject);
        List<String> messageIds = messageIds(collector.first("message-id"));
        List<String> references = messageIds(collector.first("references"));
        if (references.isEmpty()) {
            references = messageIds(collector.first("in-reply-to")).stream().limit(1).toList();
        }
        return new MessageText(
            collector.headers.toString(),
            TextFolding.fold(collector.body.toString()),
            SentDay.instant(date),
            SentDay.day(date),
            sortKey(baseSubject.text()),
            sortKey(firstMailbox(from)),
            sortKey(firstMailbox(to)),
            sortKey(firstMailbox(collector.first("cc"))),
            sortKey(display(from)),
            sortKey(display(to)),
            messageIds.isEmpty() ? "" : messageIds.get(0),
            references,
            baseSubject.replyOrForward(),
            collector.hasAttachment,
            List.copyOf(collector.attachmentNames));
    }

    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

    /** The {@code <id>}s of a Message-ID, References or In-Reply-To header, in order, without their brackets. */
    static List<String> messageIds(String header) {
        if (header == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        Matcher matcher = MESSAGE_ID.matcher(MimeUtil.unfold(header));
        while (matcher.find()) {
            String id = matcher.group();
            ids.add(id.substring(1, id.length() - 1).replace('\u0000', ' '));
        }
        return ids;
    }

    /**
     * RFC 5256 3: a sort key compares with i;ascii-casemap, that is in upper case ({@code [} and {@code _} after the
     * letters), then byte by byte in the database.
     */
    private static String sortKey(String key) {
        return key == null ? "" : key.replace('\u0000', ' ').toUpperCase(Locale.ROOT);
    }

    /** RFC 5256 3: the addr-mailbox (local part) of the first address; a group's name when it comes first. */
    static String firstMailbox(String header) {
        Address first = firstAddress(header);
        if (first == null) {
            return "";
        }
        // A group starts with its name, in the mailbox's place (RFC 9051 7.5.2, ENVELOPE).
        return first instanceof Group group ? group.getName() : ((Mailbox) first).getLocalPart();
    }

    /** RFC 5957 (SORT=DISPLAY): the decoded display name of the first address, else its address; a group's name. */
    static String display(String header) {
        Address first = firstAddress(header);
        if (first == null) {
            return "";
        }
        if (first instanceof Group group) {
            return group.getName();
        }
        Mailbox mailbox = (Mailbox) first;
        String name = mailbox.getName();
        return name != null && !name.isBlank()
            ? DecoderUtil.decodeEncodedWords(name, DecodeMonitor.SILENT).trim() : mailbox.getAddress();
    }

    private static Address firstAddress(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        AddressList addresses = LenientAddressParser.DEFAULT.parseAddressList(MimeUtil.unfold(header).trim());
        return addresses.isEmpty() ? null : addresses.get(0);
    }

    /** The fields SEARCH FROM, TO, CC and BCC (and HEADER on these names) look into. */
    private static final Set<String> ADDRESS_FIELDS = Set.of("from", "to", "cc", "bcc", "sender",
        "reply-to");

    /**
     * The addresses of a field that its text does not show as {@code local@domain}, each after a space: one written
     * with comments or spaces inside ({@code <user (comment)@ (comment) domain.org>}) is still found by
     * {@code SEARCH FROM user@domain.org}, as the address it is (imaptest's {@code search-addresses}).
     */
    private static String unwrittenAddresses(String raw, String folded) {
        StringBuilder missing = new StringBuilder();
        for (Address address : LenientAddressParser.DEFAULT.parseAddressList(MimeUtil.unfold(raw).trim())) {
            List<Mailbox> mailboxes = address instanceof Group group ? group.getMailboxes()
                : address instanceof Mailbox mailbox ? List.of(mailbox) : List.of();
            for (Mailbox mailbox : mailboxes) {
                String written = TextFolding.fold(mailbox.getAddress());
                if (!folded.contains(written)) {
                    missing.append(' ').append(written);
                }
            }
        }
        return missing.toString();
    }

    private static final class Collector extends AbstractContentHandler {
        private final StringBuilder headers = new StringBuilder();
        private final StringBuilder body = new StringBuilder();
        private final java.util.Map<String, String> firstValues = new java.util.HashMap<>();
        private final List<String> attachmentNames = new ArrayList<>();
        private boolean hasAttachment;
        private int depth;

        @Override
        public void startMessage() {
            depth++;
        }

        @Override
        public void endMessage() {
            depth--;
        }

        @Override
        public void field(Field field) {
            if (depth != 1) {
                return;
            }
            String name = field.getName().toLowerCase(Locale.ROOT);
            String raw = body(field);
            firstValues.putIfAbsent(name, raw);
            if (headers.length() < MAX_HEADER_CHARS) {
                String value = TextFolding.fold(MimeUtil.unscrambleHeaderValue(raw));
                headers.append('\n').append(TextFolding.fold(name)).append(": ").append(value)
                    .append(ADDRESS_FIELDS.contains(name) ? unwrittenAddresses(raw, value) : "");
            }
        }

        @Override
        public void endHeader() {
            if (depth == 1 && headers.length() > 0 && headers.charAt(headers.length() - 1) != '\n') {
                headers.append('\n');
            }
        }

        @Override
        public void body(BodyDescriptor descriptor, InputStream content) throws IOException {
            attachment(descriptor);
            if (!"text".equalsIgnoreCase(descriptor.getMediaType()) || body.length() >= MAX_BODY_CHARS) {
                return;
            }
            String text = read(content, charset(descriptor.getCharset()), MAX_BODY_CHARS - body.length());
            if ("html".equalsIgnoreCase(descriptor.getSubType())) {
                text = Jsoup.parse(text).text();
            }
            body.append(text).append(' ');
        }

        /**
         * A part is an attachment when it says so, or when it is neither inline nor text and carries a file name or
         * is not text (an inline image of an HTML message is not one; a PDF is).
         */
        private void attachment(BodyDescriptor descriptor) {
            if (!(descriptor instanceof MaximalBodyDescriptor part)) {
                return;
            }
            String disposition = part.getContentDispositionType();
            String name = part.getContentDispositionFilename();
            if (name == null) {
                name = part.getContentTypeParameters().get("name");
            }
            boolean inline = "inline".equalsIgnoreCase(disposition);
            boolean text = "text".equalsIgnoreCase(part.getMediaType());
            if ("attachment".equalsIgnoreCase(disposition) || !inline && (name != null || !text)) {
                hasAttachment = true;
                if (name != null) {
                    attachmentNames.add(MimeUtil.unscrambleHeaderValue(name).replace('\u0000', ' '));
                }
            }
        }

        /**
         * The field's value from its bytes: UTF-8 when they are (RFC 6532 headers, and what clients write
         * unencoded), ISO-8859-1 otherwise; mime4j alone reads every byte as one character.
         */
        private static String body(Field field) {
            ByteSequence raw = field.getRaw();
            if (raw == null) {
                return field.getBody();
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
            return colon < 0 ? field.getBody() : text.substring(colon + 1).trim();
        }

        String first(String name) {
            return firstValues.get(name);
        }

        private static String read(InputStream content, Charset charset, int maxChars) throws IOException {
            Reader reader = new InputStreamReader(content, charset);
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[8192];
            int read;
            while (text.length() < maxChars && (read = reader.read(buffer)) != -1) {
                text.append(buffer, 0, Math.min(read, maxChars - text.length()));
            }
            return text.toString();
        }

        private static Charset charset(String name) {
            try {
                // Unlabelled 8-bit text is most often UTF-8, which reads US-ASCII unchanged.
                if (name == null || name.equalsIgnoreCase("us-ascii")) {
                    return StandardCharsets.UTF_8;
                }
                return Charset.forName(name);
            } catch (RuntimeException e) {
                return StandardCharsets.ISO_8859_1;
            }
        }
    }
}
