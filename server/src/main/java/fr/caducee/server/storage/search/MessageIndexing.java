package fr.caducee.server.storage.search;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

import org.apache.james.mailbox.store.mail.model.MailboxMessage;

/**
 * Writes what SEARCH and SORT read of a message, in the transaction that stores the message: the index can then
 * never disagree with the store, whatever crashes in between. Rows go with their message (foreign key, cascade).
 */
public interface MessageIndexing {
    /** Called once per stored message (not again when COPY or MOVE shares its bytes with another mailbox). */
    void index(Connection transaction, UUID messageId, MailboxMessage message) throws SQLException;

    /** For stores and tests that search nothing. */
    MessageIndexing NONE = (transaction, messageId, message) -> { };
}
