package fr.caducee.server.storage.search;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.apache.james.mailbox.store.mail.model.MailboxMessage;

/**
 * Writes a message's {@link MessageText} into {@code caducee_message_search}, in the transaction storing the message.
 * Also declared as a {@link java.util.ServiceLoader} service ({@code META-INF/services}), for the commands that copy
 * messages into the store outside the server (the one-time migration from Derby).
 */
public class PostgresMessageIndexing implements MessageIndexing {
    private static final String INSERT = "INSERT INTO caducee_message_search (message_id, headers, body, sent_at, "
        + "sent_day, sort_subject, sort_from, sort_to, sort_cc, display_from, display_to, message_id_header, "
        + "thread_references, subject_reply, has_attachment, attachment_names) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING";

    @Override
    public void index(Connection transaction, UUID messageId, MailboxMessage message) throws SQLException {
        MessageText text;
        try {
            text = MessageText.of(message);
        } catch (IOException e) {
            throw new SQLException("cannot read message " + messageId + " to index it", e);
        }
        try (PreparedStatement insert = transaction.prepareStatement(INSERT)) {
            insert.setObject(1, messageId);
            insert.setString(2, text.headers());
            insert.setString(3, text.body());
            if (text.sentAt().isPresent()) {
                insert.setObject(4, OffsetDateTime.ofInstant(text.sentAt().get(), ZoneOffset.UTC));
            } else {
                insert.setNull(4, Types.TIMESTAMP_WITH_TIMEZONE);
            }
            if (text.sentDay().isPresent()) {
                insert.setObject(5, text.sentDay().get());
            } else {
                insert.setNull(5, Types.DATE);
            }
            insert.setString(6, text.sortSubject());
            insert.setString(7, text.sortFrom());
            insert.setString(8, text.sortTo());
            insert.setString(9, text.sortCc());
            insert.setString(10, text.displayFrom());
            insert.setString(11, text.displayTo());
            insert.setString(12, text.messageIdHeader());
            insert.setArray(13, transaction.createArrayOf("text", text.threadReferences().toArray()));
            insert.setBoolean(14, text.subjectReply());
            insert.setBoolean(15, text.hasAttachment());
            insert.setArray(16, transaction.createArrayOf("text", text.attachmentNames().toArray()));
            insert.executeUpdate();
        }
    }
}
