package fr.caducee.server.storage.mailbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.UidProvider;

/**
 * UIDs and mod-sequences for James's code that asks for them apart from a change (its message-id manager, unused
 * here). The mailbox store itself allocates them in the statement that makes the change
 * ({@link PostgresMessageMapper}).
 */
public final class MailboxRowSequences implements UidProvider, ModSeqProvider {
    private final MailboxDatabase database;

    @Inject
    public MailboxRowSequences(MailboxDatabase database) {
        this.database = database;
    }

    @Override
    public MessageUid nextUid(Mailbox mailbox) throws MailboxException {
        return nextUid(mailbox.getMailboxId());
    }

    @Override
    public MessageUid nextUid(MailboxId mailboxId) throws MailboxException {
        return MessageUid.of(next(mailboxId, "last_uid"));
    }

    @Override
    public Optional<MessageUid> lastUid(Mailbox mailbox) throws MailboxException {
        long last = current(mailbox.getMailboxId(), "last_uid");
        return last == 0 ? Optional.empty() : Optional.of(MessageUid.of(last));
    }

    @Override
    public ModSeq nextModSeq(Mailbox mailbox) throws MailboxException {
        return nextModSeq(mailbox.getMailboxId());
    }

    @Override
    public ModSeq nextModSeq(MailboxId mailboxId) throws MailboxException {
        return ModSeq.of(next(mailboxId, "highest_modseq"));
    }

    @Override
    public ModSeq highestModSeq(Mailbox mailbox) throws MailboxException {
        return highestModSeq(mailbox.getMailboxId());
    }

    @Override
    public ModSeq highestModSeq(MailboxId mailboxId) throws MailboxException {
        return ModSeq.of(current(mailboxId, "highest_modseq"));
    }

    private long next(MailboxId mailboxId, String column) throws MailboxException {
        return value(mailboxId, "UPDATE caducee_mailbox SET " + column + " = " + column + " + 1 WHERE mailbox_id = ? "
            + "RETURNING " + column);
    }

    private long current(MailboxId mailboxId, String column) throws MailboxException {
        return value(mailboxId, "SELECT " + column + " FROM caducee_mailbox WHERE mailbox_id = ?");
    }

    private long value(MailboxId mailboxId, String sql) throws MailboxException {
        return database.read("read the counters of mailbox " + mailboxId, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setLong(1, ((BoxId) mailboxId).value());
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        throw new MailboxNotFoundException(mailboxId);
                    }
                    return row.getLong(1);
                }
            }
        });
    }
}
