package fr.caducee.server.storage.mailbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

import javax.mail.Flags;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Content;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.store.mail.MessageMapper.FetchType;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.Property;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Rows of {@code caducee_mailbox_message} (and, for the fetch types that need them, {@code caducee_message}) as James's
 * messages. Flags and metadata come from the mailbox's own row alone: listing flags never reads a message's bytes.
 */
final class MessageRows {
    /** A mailbox's view of a message: all that {@link FetchType#METADATA} gives. */
    static final String MEMBER = "mm.uid, mm.message_id, mm.modseq, mm.size, mm.body_start_octet, mm.internal_date, mm.save_date, "
        + "mm.thread_id, mm.answered, mm.deleted, mm.draft, mm.flagged, mm.recent, mm.seen, mm.user_flags";
    private static final String DESCRIPTION = ", m.media_type, m.sub_type, m.text_line_count, "
        + "m.properties::text AS properties, m.header";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<List<String>>> PROPERTIES = new TypeReference<>() { };

    private MessageRows() {
    }

    /** The columns and tables read for a fetch type; the body's bytes only for {@link FetchType#FULL}. */
    static String select(FetchType type) {
        return switch (type) {
            case METADATA -> "SELECT " + MEMBER + " FROM caducee_mailbox_message mm";
            case HEADERS, ATTACHMENTS_METADATA -> "SELECT " + MEMBER + DESCRIPTION
                + " FROM caducee_mailbox_message mm JOIN caducee_message m ON m.message_id = mm.message_id";
            case FULL -> "SELECT " + MEMBER + DESCRIPTION + ", m.body"
                + " FROM caducee_mailbox_message mm JOIN caducee_message m ON m.message_id = mm.message_id";
        };
    }

    static MailboxMessage message(ResultSet row, MailboxId mailboxId, FetchType type, MailboxDatabase database)
            throws SQLException {
        StoredMessageId messageId = new StoredMessageId(row.getObject("message_id", UUID.class));
        UUID thread = row.getObject("thread_id", UUID.class);
        long size = row.getLong("size");
        SimpleMailboxMessage.Builder message = SimpleMailboxMessage.builder()
            .messageId(messageId)
            .threadId(ThreadId.fromBaseMessageId(thread == null ? messageId : new StoredMessageId(thread)))
            .uid(MessageUid.of(row.getLong("uid")))
            .modseq(ModSeq.of(row.getLong("modseq")))
            .internalDate(new Date(row.getTimestamp("internal_date").getTime()))
            .saveDate(new Date(row.getTimestamp("save_date").getTime()))
            .size(size)
            .bodyStartOctet(row.getInt("body_start_octet"))
            .flags(flags(row))
            .mailboxId(mailboxId);
        if (type == FetchType.METADATA) {
            // Whoever reads the bytes of a message listed for its metadata gets them, read then.
            return message
                .content(new LazyContent(size, () -> fullContent(database, messageId.value())))
                .properties(new PropertyBuilder())
                .build();
        }
        byte[] header = row.getBytes("header");
        byte[] body = type == FetchType.FULL ? row.getBytes("body") : null;
        return message
            .content(body != null
                ? new LazyContent(size, () -> new SequenceInputStream(new ByteArrayInputStream(header),
                    new ByteArrayInputStream(body)))
                : new LazyContent(size, () -> new SequenceInputStream(new ByteArrayInputStream(header),
                    new DeferredStream(() -> body(database, messageId.value())))))
            .properties(properties(row))
            .build();
    }

    static Flags flags(ResultSet row) throws SQLException {
        Flags flags = new Flags();
        addIf(flags, row.getBoolean("answered"), Flags.Flag.ANSWERED);
        addIf(flags, row.getBoolean("deleted"), Flags.Flag.DELETED);
        addIf(flags, row.getBoolean("draft"), Flags.Flag.DRAFT);
        addIf(flags, row.getBoolean("flagged"), Flags.Flag.FLAGGED);
        addIf(flags, row.getBoolean("recent"), Flags.Flag.RECENT);
        addIf(flags, row.getBoolean("seen"), Flags.Flag.SEEN);
        Array keywords = row.getArray("user_flags");
        for (String keyword : (String[]) keywords.getArray()) {
            flags.add(keyword);
        }
        return flags;
    }

    private static void addIf(Flags flags, boolean set, Flags.Flag flag) {
        if (set) {
            flags.add(flag);
        }
    }

    /** The keyword union a mailbox row keeps ({@code keywords}), grown by the keywords bound at this place. */
    static final String GROWN_KEYWORDS = "keywords = ARRAY(SELECT DISTINCT k FROM unnest(keywords || ?::text[]) k ORDER BY k)";

    /** A message's keywords, sorted and without duplicates, as stored. */
    static String[] keywords(Flags flags) {
        return new TreeSet<>(List.of(flags.getUserFlags())).toArray(String[]::new);
    }

    private static PropertyBuilder properties(ResultSet row) throws SQLException {
        List<Property> properties = new ArrayList<>();
        try {
            for (List<String> property : JSON.readValue(row.getString("properties"), PROPERTIES)) {
                properties.add(new Property(property.get(0), property.get(1), property.get(2)));
            }
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable properties in caducee_message", e);
        }
        PropertyBuilder builder = new PropertyBuilder(properties);
        builder.setMediaType(row.getString("media_type"));
        builder.setSubType(row.getString("sub_type"));
        long lines = row.getLong("text_line_count");
        builder.setTextualLineCount(row.wasNull() ? null : lines);
        return builder;
    }

    static String json(MailboxMessage message) {
        List<List<String>> properties = new ArrayList<>();
        for (Property property : message.getProperties().toProperties()) {
            properties.add(List.of(property.getNamespace(), property.getLocalName(), property.getValue()));
        }
        try {
            return JSON.writeValueAsString(properties);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Timestamp timestamp(Date date) {
        return new Timestamp(date.getTime());
    }

    /** Deletes the messages no mailbox holds any more (their count went to 0 under their row's lock). */
    static void deleteOrphans(Connection connection, Collection<UUID> orphans) throws SQLException {
        if (orphans.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM caducee_message WHERE message_id = ANY(?) AND mailbox_count = 0")) {
            delete.setArray(1, connection.createArrayOf("uuid", orphans.toArray()));
            delete.executeUpdate();
        }
    }

    private static InputStream fullContent(MailboxDatabase database, UUID messageId) throws IOException {
        byte[][] parts = read(database, messageId, "header, body");
        return new SequenceInputStream(new ByteArrayInputStream(parts[0]), new ByteArrayInputStream(parts[1]));
    }

    private static InputStream body(MailboxDatabase database, UUID messageId) throws IOException {
        return new ByteArrayInputStream(read(database, messageId, "body")[0]);
    }

    private static byte[][] read(MailboxDatabase database, UUID messageId, String columns) throws IOException {
        try {
            return database.read("read message " + messageId, connection -> {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT " + columns + " FROM caducee_message WHERE message_id = ?")) {
                    select.setObject(1, messageId);
                    try (ResultSet row = select.executeQuery()) {
                        if (!row.next()) {
                            throw new MailboxException("message " + messageId + " was expunged meanwhile");
                        }
                        int count = row.getMetaData().getColumnCount();
                        byte[][] parts = new byte[count][];
                        for (int i = 0; i < count; i++) {
                            parts[i] = row.getBytes(i + 1);
                        }
                        return parts;
                    }
                }
            });
        } catch (MailboxException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    interface Opener {
        InputStream open() throws IOException;
    }

    /** Content whose bytes are read when asked for, not when the message is listed. */
    private record LazyContent(long size, Opener opener) implements Content {
        @Override
        public InputStream getInputStream() throws IOException {
            return opener.open();
        }
    }

    /** A stream opened at its first read: the body of a message fetched for its headers is read only if used. */
    private static final class DeferredStream extends InputStream {
        private final Opener opener;
        private InputStream opened;

        DeferredStream(Opener opener) {
            this.opener = opener;
        }

        private InputStream stream() throws IOException {
            if (opened == null) {
                opened = opener.open();
            }
            return opened;
        }

        @Override
        public int read() throws IOException {
            return stream().read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return stream().read(buffer, offset, length);
        }
    }
}
