package fr.caducee.server.storage.mailbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxAnnotationKey;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.AnnotationMapper;

/** Mailbox annotations (RFC 5464 METADATA) in {@code caducee_mailbox_annotation}; a mailbox has few of them. */
public final class PostgresAnnotationMapper implements AnnotationMapper {
    private final MailboxDatabase database;

    public PostgresAnnotationMapper(MailboxDatabase database) {
        this.database = database;
    }

    @Override
    public List<MailboxAnnotation> getAllAnnotations(MailboxId mailboxId) {
        return unchecked(() -> database.read("read the annotations of mailbox " + mailboxId, connection -> {
            List<MailboxAnnotation> annotations = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT key, value FROM caducee_mailbox_annotation WHERE mailbox_id = ? ORDER BY key")) {
                select.setLong(1, ((BoxId) mailboxId).value());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        annotations.add(MailboxAnnotation.newInstance(new MailboxAnnotationKey(rows.getString(1)),
                            rows.getString(2)));
                    }
                }
            }
            return annotations;
        }));
    }

    @Override
    public List<MailboxAnnotation> getAnnotationsByKeys(MailboxId mailboxId, Set<MailboxAnnotationKey> keys) {
        return matching(mailboxId, keys, MailboxAnnotationKey::equals);
    }

    @Override
    public List<MailboxAnnotation> getAnnotationsByKeysWithOneDepth(MailboxId mailboxId, Set<MailboxAnnotationKey> keys) {
        return matching(mailboxId, keys, MailboxAnnotationKey::isParentOrIsEqual);
    }

    @Override
    public List<MailboxAnnotation> getAnnotationsByKeysWithAllDepth(MailboxId mailboxId, Set<MailboxAnnotationKey> keys) {
        return matching(mailboxId, keys, MailboxAnnotationKey::isAncestorOrIsEqual);
    }

    private List<MailboxAnnotation> matching(MailboxId mailboxId, Set<MailboxAnnotationKey> keys,
                                             BiPredicate<MailboxAnnotationKey, MailboxAnnotationKey> asked) {
        return getAllAnnotations(mailboxId).stream()
            .filter(annotation -> keys.stream().anyMatch(key -> asked.test(key, annotation.getKey())))
            .toList();
    }

    @Override
    public void deleteAnnotation(MailboxId mailboxId, MailboxAnnotationKey key) {
        unchecked(() -> database.read("delete an annotation of mailbox " + mailboxId, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM caducee_mailbox_annotation WHERE mailbox_id = ? AND key = ?")) {
                delete.setLong(1, ((BoxId) mailboxId).value());
                delete.setString(2, key.asString());
                return delete.executeUpdate();
            }
        }));
    }

    @Override
    public void insertAnnotation(MailboxId mailboxId, MailboxAnnotation annotation) {
        if (annotation.isNil()) {
            throw new IllegalArgumentException("An annotation without a value is deleted, not inserted");
        }
        unchecked(() -> database.read("write an annotation of mailbox " + mailboxId, connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO caducee_mailbox_annotation "
                    + "(mailbox_id, key, value) VALUES (?, ?, ?) ON CONFLICT (mailbox_id, key) DO UPDATE SET value = EXCLUDED.value")) {
                upsert.setLong(1, ((BoxId) mailboxId).value());
                upsert.setString(2, annotation.getKey().asString());
                upsert.setString(3, annotation.getValue().orElse(""));
                return upsert.executeUpdate();
            }
        }));
    }

    @Override
    public boolean exist(MailboxId mailboxId, MailboxAnnotation annotation) {
        return !getAnnotationsByKeys(mailboxId, Set.of(annotation.getKey())).isEmpty();
    }

    @Override
    public int countAnnotations(MailboxId mailboxId) {
        return getAllAnnotations(mailboxId).size();
    }

    private interface Read<T> {
        T run() throws MailboxException;
    }

    /** James's annotation interface declares no checked exception. */
    private static <T> T unchecked(Read<T> read) {
        try {
            return read.run();
        } catch (MailboxException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
