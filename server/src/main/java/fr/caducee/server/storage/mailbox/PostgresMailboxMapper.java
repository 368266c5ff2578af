package fr.caducee.server.storage.mailbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.james.core.Username;
import org.apache.james.mailbox.acl.ACLDiff;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxExistsException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxACL;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.apache.james.mailbox.store.mail.MailboxMapper;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Mailboxes in {@code caducee_mailbox}; deleting one removes its messages, their quota usage and orphaned bytes. */
public final class PostgresMailboxMapper implements MailboxMapper {
    private static final String UNIQUE_VIOLATION = "23505";

    private final MailboxDatabase database;

    public PostgresMailboxMapper(MailboxDatabase database) {
        this.database = database;
    }

    @Override
    public Mono<Mailbox> create(MailboxPath path, UidValidity uidValidity) {
        return database.readLater("create mailbox " + path, connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO caducee_mailbox "
                    + "(namespace, owner, name, uid_validity) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (namespace, owner, name) DO NOTHING RETURNING mailbox_id")) {
                insert.setString(1, path.getNamespace());
                insert.setString(2, path.getUser().asString());
                insert.setString(3, path.getName());
                insert.setLong(4, uidValidity.asLong());
                try (ResultSet created = insert.executeQuery()) {
                    if (!created.next()) {
                        throw new MailboxExistsException(path.getName());
                    }
                    return new Mailbox(path, uidValidity, new BoxId(created.getLong(1)));
                }
            }
        });
    }

    @Override
    public Mono<MailboxId> rename(Mailbox mailbox) {
        return database.readLater("rename mailbox " + mailbox.getMailboxId(), connection -> {
            // The new name must be free, even of this very mailbox (James's contract).
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE caducee_mailbox SET namespace = ?, owner = ?, name = ? WHERE mailbox_id = ? AND NOT EXISTS "
                        + "(SELECT 1 FROM caducee_mailbox WHERE namespace = ? AND owner = ? AND name = ?)")) {
                update.setString(1, mailbox.getNamespace());
                update.setString(2, mailbox.getUser().asString());
                update.setString(3, mailbox.getName());
                update.setLong(4, id(mailbox));
                update.setString(5, mailbox.getNamespace());
                update.setString(6, mailbox.getUser().asString());
                update.setString(7, mailbox.getName());
                if (update.executeUpdate() == 0) {
                    if (findMailboxByPath(mailbox.generateAssociatedPath()).blockOptional().isPresent()) {
                        throw new MailboxExistsException(mailbox.getName());
                    }
                    throw new MailboxNotFoundException(mailbox.getMailboxId());
                }
                return mailbox.getMailboxId();
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new MailboxExistsException(mailbox.getName());
                }
                throw e;
            }
        });
    }

    /**
     * The mailbox row is locked first, as every change of its messages does; its messages go with their quota usage
     * and their share of the bytes, then the row, then the bytes no other mailbox holds.
     */
    @Override
    public Mono<Void> delete(Mailbox mailbox) {
        return database.transactionLater("delete mailbox " + mailbox.getMailboxId(), connection -> {
            long id = id(mailbox);
            String quotaRoot;
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT namespace || '&' || owner FROM caducee_mailbox WHERE mailbox_id = ? FOR UPDATE")) {
                lock.setLong(1, id);
                try (ResultSet row = lock.executeQuery()) {
                    if (!row.next()) {
                        return null;
                    }
                    quotaRoot = row.getString(1);
                }
            }
            List<UUID> orphans = new ArrayList<>();
            try (PreparedStatement remove = connection.prepareStatement("""
                    WITH d AS (DELETE FROM caducee_mailbox_message WHERE mailbox_id = ? RETURNING message_id, size),
                    q AS (UPDATE caducee_quota_usage
                          SET message_count = message_count - (SELECT count(*) FROM d),
                              size_bytes = size_bytes - (SELECT coalesce(sum(size), 0) FROM d)
                          WHERE quota_root = ?),
                    r AS (UPDATE caducee_message m SET mailbox_count = m.mailbox_count - g.n
                          FROM (SELECT message_id, count(*) AS n FROM d GROUP BY message_id) g
                          WHERE m.message_id = g.message_id RETURNING m.message_id, m.mailbox_count)
                    SELECT message_id FROM r WHERE mailbox_count = 0""")) {
                remove.setLong(1, id);
                remove.setString(2, quotaRoot);
                try (ResultSet rows = remove.executeQuery()) {
                    while (rows.next()) {
                        orphans.add(rows.getObject(1, UUID.class));
                    }
                }
            }
            try (PreparedStatement row = connection.prepareStatement("DELETE FROM caducee_mailbox WHERE mailbox_id = ?")) {
                row.setLong(1, id);
                row.executeUpdate();
            }
            MessageRows.deleteOrphans(connection, orphans);
            return null;
        }).then();
    }

    @Override
    public Mono<Mailbox> findMailboxByPath(MailboxPath path) {
        return database.readLater("find mailbox " + path, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + MailboxRows.COLUMNS
                    + " FROM caducee_mailbox WHERE namespace = ? AND owner = ? AND name = ?")) {
                select.setString(1, path.getNamespace());
                select.setString(2, path.getUser().asString());
                select.setString(3, path.getName());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? MailboxRows.mailbox(row) : null;
                }
            }
        });
    }

    @Override
    public Mono<Mailbox> findMailboxById(MailboxId mailboxId) {
        return database.readLater("find mailbox " + mailboxId, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + MailboxRows.COLUMNS
                    + " FROM caducee_mailbox WHERE mailbox_id = ?")) {
                select.setLong(1, ((BoxId) mailboxId).value());
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new MailboxNotFoundException(mailboxId);
                    }
                    return MailboxRows.mailbox(row);
                }
            }
        });
    }

    /** Mailboxes shared with this user (an ACL entry naming them), holding the right asked for. */
    @Override
    public Flux<Mailbox> findNonPersonalMailboxes(Username user, MailboxACL.Right right) {
        String key = MailboxACL.EntryKey.createUserEntryKey(user).serialize();
        return list("find mailboxes shared with " + user.asString(), "WHERE jsonb_exists(acl, ?)", key)
            .filter(mailbox -> {
                MailboxACL.Rfc4314Rights rights = mailbox.getACL().getEntries()
                    .get(MailboxACL.EntryKey.createUserEntryKey(user));
                return rights != null && rights.contains(right);
            });
    }

    /** A user's mailboxes are few: all of them are read, and James's own matching applies the pattern. */
    @Override
    public Flux<Mailbox> findMailboxWithPathLike(MailboxQuery.UserBound query) {
        return list("list mailboxes of " + query.getFixedUser().asString(), "WHERE namespace = ? AND owner = ?",
            query.getFixedNamespace(), query.getFixedUser().asString())
            .filter(query::matches);
    }

    @Override
    public Mono<Boolean> hasChildren(Mailbox mailbox, char delimiter) {
        return database.readLater("look for children of " + mailbox.getMailboxId(), connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM caducee_mailbox "
                    + "WHERE namespace = ? AND owner = ? AND starts_with(name, ?))")) {
                select.setString(1, mailbox.getNamespace());
                select.setString(2, mailbox.getUser().asString());
                select.setString(3, mailbox.getName() + delimiter);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getBoolean(1);
                }
            }
        });
    }

    @Override
    public Mono<ACLDiff> updateACL(Mailbox mailbox, MailboxACL.ACLCommand command) {
        return changeACL(mailbox, old -> old.apply(command));
    }

    @Override
    public Mono<ACLDiff> setACL(Mailbox mailbox, MailboxACL acl) {
        return changeACL(mailbox, old -> acl);
    }

    private interface AclChange {
        MailboxACL apply(MailboxACL old) throws MailboxException;
    }

    private Mono<ACLDiff> changeACL(Mailbox mailbox, AclChange change) {
        return database.transactionLater("change the ACL of mailbox " + mailbox.getMailboxId(), connection -> {
            MailboxACL old;
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT acl::text FROM caducee_mailbox WHERE mailbox_id = ? FOR UPDATE")) {
                lock.setLong(1, id(mailbox));
                try (ResultSet row = lock.executeQuery()) {
                    if (!row.next()) {
                        throw new MailboxNotFoundException(mailbox.getMailboxId());
                    }
                    old = MailboxRows.acl(row.getString(1));
                }
            }
            MailboxACL changed = change.apply(old);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE caducee_mailbox SET acl = ?::jsonb WHERE mailbox_id = ?")) {
                update.setString(1, MailboxRows.json(changed));
                update.setLong(2, id(mailbox));
                update.executeUpdate();
            }
            mailbox.setACL(changed);
            return ACLDiff.computeDiff(old, changed);
        });
    }

    @Override
    public Flux<Mailbox> list() {
        return list("list mailboxes", "");
    }

    private Flux<Mailbox> list(String what, String where, String... parameters) {
        return database.readLater(what, connection -> {
            List<Mailbox> mailboxes = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + MailboxRows.COLUMNS
                    + " FROM caducee_mailbox " + where + " ORDER BY mailbox_id")) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setString(i + 1, parameters[i]);
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        mailboxes.add(MailboxRows.mailbox(rows));
                    }
                }
            }
            return mailboxes;
        }).flatMapIterable(mailboxes -> mailboxes);
    }

    private static long id(Mailbox mailbox) {
        return ((BoxId) mailbox.getMailboxId()).value();
    }
}
