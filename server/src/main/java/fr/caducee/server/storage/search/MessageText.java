package fr.caducee.server.storage.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mailbox.model.MessageAttachmentMetadata;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.search.SearchUtil;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
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
        MimeStreamParser parser = new MimeStreamParser(MimeConfig.PERMISSIVE);
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
        List<MessageAttachmentMetadata> attachments = message.getAttachments();
        String decodedSubject = subject == null ? "" : MimeUtil.unscrambleHeaderValue(subject).trim();
        String baseSubject = SearchUtil.getBaseSubject(decodedSubject);
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
            lower(baseSubject),
            lower(SearchUtil.getMailboxAddress(from == null ? "" : from)),
            lower(SearchUtil.getMailboxAddress(to == null ? "" : to)),
            lower(SearchUtil.getMailboxAddress(orEmpty(collector.first("cc")))),
            lower(SearchUtil.getDisplayAddress(from == null ? "" : from)),
            lower(SearchUtil.getDisplayAddress(to == null ? "" : to)),
            messageIds.isEmpty() ? "" : messageIds.get(0),
            references,
            !baseSubject.equalsIgnoreCase(decodedSubject.replaceAll("\\s+", " ")),
            MessageAttachmentMetadata.hasNonInlinedAttachment(attachments),
            attachments.stream().flatMap(attachment -> attachment.getName().stream()).toList());
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

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** Sort keys compare as James's comparators do (case ignored), byte order in the database. */
    private static String lower(String key) {
        return key == null ? "" : key.replace('\u0000', ' ').toLowerCase(Locale.ROOT);
    }

    private static final class Collector extends AbstractContentHandler {
        private final StringBuilder headers = new StringBuilder();
        private final StringBuilder body = new StringBuilder();
        private final java.util.Map<String, String> firstValues = new java.util.HashMap<>();
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
            String raw = field.getBody();
            firstValues.putIfAbsent(name, raw);
            if (headers.length() < MAX_HEADER_CHARS) {
                headers.append('\n').append(TextFolding.fold(name)).append(": ")
                    .append(TextFolding.fold(MimeUtil.unscrambleHeaderValue(raw)));
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
            if (!"text".equalsIgnoreCase(descriptor.getMediaType()) || body.length() >= MAX_BODY_CHARS) {
                return;
            }
            String text = read(content, charset(descriptor.getCharset()), MAX_BODY_CHARS - body.length());
            if ("html".equalsIgnoreCase(descriptor.getSubType())) {
                text = Jsoup.parse(text).text();
            }
            body.append(text).append(' ');
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
