package fr.caducee.server.imap;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.codec.EncoderUtil;

/**
 * The name of an ENVELOPE address written the old way, {@code user@domain (Real Name)}: the comment after the
 * address, as Dovecot (and imaptest's {@code fetch-envelope}) give it, where James gives NIL.
 *
 * <p>James's envelope builder parses the address fields with mime4j, which drops comments: an address without a
 * display name gets a NIL name even when a comment names the person. Here, an address of the envelope that has no
 * name is looked up in its header field as written, in order, and the comment right after it (after the closing
 * {@code >} if any) becomes its name, decoded (RFC 2047) and encoded back as James encodes a display name. A display
 * name, when there is one, stays the name; a comment elsewhere is ignored. Sender and Reply-To, when absent or empty,
 * are From's, as James builds them.
 */
final class EnvelopeNames {
    /** The address fields of an envelope, in the order RFC 9051 lists them. */
    static final List<String> FIELDS = List.of("From", "Sender", "Reply-To", "To", "Cc", "Bcc");

    private EnvelopeNames() {
    }

    /**
     * The envelope with the names found in {@code header}, the header fields of {@link #FIELDS} as written
     * ({@code Name: value} lines, folded or not); the same envelope when no address lacks a name.
     */
    static FetchResponse.Envelope named(FetchResponse.Envelope envelope, byte[] header) {
        if (envelope == null || !anyUnnamed(envelope)) {
            return envelope;
        }
        Map<String, String> fields = fields(header);
        String from = fields.get("from");
        return new Envelope(envelope.getDate(), envelope.getSubject(),
            named(envelope.getFrom(), from),
            named(envelope.getSender(), orElse(fields.get("sender"), from)),
            named(envelope.getReplyTo(), orElse(fields.get("reply-to"), from)),
            named(envelope.getTo(), fields.get("to")),
            named(envelope.getCc(), fields.get("cc")),
            named(envelope.getBcc(), fields.get("bcc")),
            envelope.getInReplyTo(), envelope.getMessageId());
    }

    /** Whether an address of the envelope (not a group's start or end) has no name. */
    static boolean anyUnnamed(FetchResponse.Envelope envelope) {
        for (FetchResponse.Envelope.Address[] addresses : List.of(nonNull(envelope.getFrom()),
                nonNull(envelope.getSender()), nonNull(envelope.getReplyTo()), nonNull(envelope.getTo()),
                nonNull(envelope.getCc()), nonNull(envelope.getBcc()))) {
            for (FetchResponse.Envelope.Address address : addresses) {
                if (unnamed(address)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static FetchResponse.Envelope.Address[] nonNull(FetchResponse.Envelope.Address[] addresses) {
        return addresses == null ? new FetchResponse.Envelope.Address[0] : addresses;
    }

    /** A mailbox (not a group's start or end) without a name. */
    private static boolean unnamed(FetchResponse.Envelope.Address address) {
        return address.getPersonalName() == null && address.getMailboxName() != null && address.getHostName() != null;
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static FetchResponse.Envelope.Address[] named(FetchResponse.Envelope.Address[] addresses, String value) {
        if (addresses == null || value == null) {
            return addresses;
        }
        FetchResponse.Envelope.Address[] result = addresses.clone();
        String lower = value.toLowerCase(Locale.ROOT);
        int cursor = 0;
        for (int i = 0; i < result.length; i++) {
            FetchResponse.Envelope.Address address = result[i];
            if (address.getMailboxName() == null || address.getHostName() == null) {
                continue;
            }
            String written = (address.getMailboxName() + "@" + address.getHostName()).toLowerCase(Locale.ROOT);
            int at = lower.indexOf(written, cursor);
            if (at < 0) {
                continue;
            }
            cursor = at + written.length();
            if (address.getPersonalName() != null) {
                continue;
            }
            String comment = commentAfter(value, cursor);
            if (comment != null && !comment.isBlank()) {
                String name = DecoderUtil.decodeEncodedWords(comment.trim(), DecodeMonitor.SILENT);
                result[i] = new Address(address.getAtDomainList(), address.getHostName(),
                    address.getMailboxName(), EncoderUtil.encodeAddressDisplayName(name));
            }
        }
        return result;
    }

    /** The text of the comment starting at {@code from} (after blanks and one {@code >}), without its parentheses. */
    static String commentAfter(String value, int from) {
        int i = from;
        if (i < value.length() && value.charAt(i) == '>') {
            i++;
        }
        while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
            i++;
        }
        if (i >= value.length() || value.charAt(i) != '(') {
            return null;
        }
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                text.append(value.charAt(++i));
                continue;
            }
            if (c == '(') {
                if (depth++ > 0) {
                    text.append(c);
                }
            } else if (c == ')') {
                if (--depth == 0) {
                    return text.toString();
                }
                text.append(c);
            } else {
                text.append(c);
            }
        }
        return null;
    }

    /** Header fields by lower-case name, unfolded, the first of each name (as James's envelope builder reads them). */
    static Map<String, String> fields(byte[] header) {
        Map<String, String> fields = new LinkedHashMap<>();
        String text = new String(header, StandardCharsets.UTF_8).replaceAll("\r?\n[ \t]", " ");
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    /** An address of an envelope (James's own class is not public). */
    record Address(String atDomainList, String hostName, String mailboxName, String personalName)
            implements FetchResponse.Envelope.Address {
        @Override
        public String getAtDomainList() {
            return atDomainList;
        }

        @Override
        public String getHostName() {
            return hostName;
        }

        @Override
        public String getMailboxName() {
            return mailboxName;
        }

        @Override
        public String getPersonalName() {
            return personalName;
        }
    }

    /** An envelope (James's own class is not public). */
    record Envelope(String date, String subject, FetchResponse.Envelope.Address[] from,
            FetchResponse.Envelope.Address[] sender, FetchResponse.Envelope.Address[] replyTo,
            FetchResponse.Envelope.Address[] to, FetchResponse.Envelope.Address[] cc,
            FetchResponse.Envelope.Address[] bcc, String inReplyTo, String messageId) implements FetchResponse.Envelope {
        @Override
        public String getDate() {
            return date;
        }

        @Override
        public String getSubject() {
            return subject;
        }

        @Override
        public FetchResponse.Envelope.Address[] getFrom() {
            return from;
        }

        @Override
        public FetchResponse.Envelope.Address[] getSender() {
            return sender;
        }

        @Override
        public FetchResponse.Envelope.Address[] getReplyTo() {
            return replyTo;
        }

        @Override
        public FetchResponse.Envelope.Address[] getTo() {
            return to;
        }

        @Override
        public FetchResponse.Envelope.Address[] getCc() {
            return cc;
        }

        @Override
        public FetchResponse.Envelope.Address[] getBcc() {
            return bcc;
        }

        @Override
        public String getInReplyTo() {
            return inReplyTo;
        }

        @Override
        public String getMessageId() {
            return messageId;
        }
    }
}
