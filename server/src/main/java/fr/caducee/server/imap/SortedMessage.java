package fr.caducee.server.imap;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.internet.MailDateFormat;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;

/**
 * What SORT and THREAD (RFC 5256) order a message by, read from its header: its number as the client knows it
 * ({@code id}: sequence number, or UID for {@code UID SORT}), its UID (ties go by it: the order of sequence numbers),
 * its arrival, its sent date (the {@code Date:} header, else the arrival), its size, the mailbox of its first From,
 * To and Cc (a group's name when the first is a group), the display name of its first From and To, its base subject, its Message-ID and the ids it refers to.
 */
record SortedMessage(long id, long uid, Date arrival, Date sent, long size, String from, String to, String cc,
                     String displayFrom, String displayTo, BaseSubject subject, String messageId,
                     List<String> references) {
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

    /** From a message's header fields, name (any case) to unfolded value, the first of each name. */
    static SortedMessage of(long id, long uid, Date arrival, long size, Map<String, String> header) {
        String references = header.get("references");
        List<String> referred = ids(references);
        if (referred.isEmpty()) {
            // RFC 5256 3 (1)(B): without References, the first id of In-Reply-To.
            referred = ids(header.get("in-reply-to")).stream().limit(1).toList();
        }
        List<String> messageIds = ids(header.get("message-id"));
        return new SortedMessage(id, uid, arrival, sentDate(header.get("date"), arrival), size,
            firstMailbox(header.get("from")), firstMailbox(header.get("to")), firstMailbox(header.get("cc")),
            display(header.get("from")), display(header.get("to")),
            BaseSubject.of(header.get("subject")), messageIds.isEmpty() ? null : messageIds.get(0), referred);
    }

    private static List<String> ids(String value) {
        List<String> ids = new ArrayList<>();
        if (value != null) {
            Matcher id = MESSAGE_ID.matcher(value);
            while (id.find()) {
                ids.add(id.group());
            }
        }
        return ids;
    }

    private static Date sentDate(String value, Date arrival) {
        if (value == null) {
            return arrival;
        }
        try {
            Date sent = new MailDateFormat().parse(value.trim());
            return sent == null ? arrival : sent;
        } catch (java.text.ParseException | RuntimeException e) {
            return arrival;
        }
    }

    /**
     * RFC 5957 (SORT=DISPLAY): the display name of the first address, decoded, else its address; a group's name; in
     * upper case; empty when none.
     */
    private static String display(String value) {
        if (value == null) {
            return "";
        }
        AddressList addresses = LenientAddressParser.DEFAULT.parseAddressList(value.trim());
        if (addresses.isEmpty()) {
            return "";
        }
        String display;
        if (addresses.get(0) instanceof Group group) {
            display = group.getName();
        } else {
            Mailbox mailbox = (Mailbox) addresses.get(0);
            display = mailbox.getName() != null && !mailbox.getName().isBlank()
                ? DecoderUtil.decodeEncodedWords(mailbox.getName(), DecodeMonitor.SILENT) : mailbox.getAddress();
        }
        return display == null ? "" : display.trim().toUpperCase(Locale.ROOT);
    }

    /** RFC 5256 3: the addr-mailbox (local part) of the first address, compared without case; empty when none. */
    private static String firstMailbox(String value) {
        if (value == null) {
            return "";
        }
        AddressList addresses = LenientAddressParser.DEFAULT.parseAddressList(value.trim());
        if (addresses.isEmpty()) {
            return "";
        }
        Address first = addresses.get(0);
        // A group starts with its name, in the mailbox's place (RFC 9051 7.5.2, ENVELOPE).
        String mailbox = first instanceof Group group ? group.getName() : ((Mailbox) first).getLocalPart();
        return mailbox == null ? "" : mailbox.toUpperCase(Locale.ROOT);
    }
}
