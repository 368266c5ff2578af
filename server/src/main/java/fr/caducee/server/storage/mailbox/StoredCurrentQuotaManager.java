package fr.caducee.server.storage.mailbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

import javax.inject.Inject;

import org.apache.james.core.quota.QuotaCountUsage;
import org.apache.james.core.quota.QuotaSizeUsage;
import org.apache.james.mailbox.model.CurrentQuotas;
import org.apache.james.mailbox.model.QuotaOperation;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.quota.CurrentQuotaManager;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;

/**
 * Quota usage as the mailbox store keeps it ({@code caducee_quota_usage}, changed by the transactions that add and
 * remove messages, see {@link PostgresMessageMapper}). No event listener updates it after the fact: it cannot lag
 * behind nor drift. {@link #setCurrentQuotas} serves James's recomputation task.
 */
public final class StoredCurrentQuotaManager implements CurrentQuotaManager {
    private final MailboxDatabase database;

    @Inject
    public StoredCurrentQuotaManager(MailboxDatabase database) {
        this.database = database;
    }

    @Override
    public Publisher<QuotaCountUsage> getCurrentMessageCount(QuotaRoot root) {
        return Mono.from(getCurrentQuotas(root)).map(CurrentQuotas::count);
    }

    @Override
    public Publisher<QuotaSizeUsage> getCurrentStorage(QuotaRoot root) {
        return Mono.from(getCurrentQuotas(root)).map(CurrentQuotas::size);
    }

    @Override
    public Publisher<CurrentQuotas> getCurrentQuotas(QuotaRoot root) {
        return database.readLater("read the quota usage of " + root.getValue(), connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT message_count, size_bytes FROM caducee_quota_usage WHERE quota_root = ?")) {
                select.setString(1, root.getValue());
                try (ResultSet row = select.executeQuery()) {
                    return row.next()
                        ? new CurrentQuotas(QuotaCountUsage.count(row.getLong(1)), QuotaSizeUsage.size(row.getLong(2)))
                        : CurrentQuotas.emptyQuotas();
                }
            }
        });
    }

    @Override
    public Publisher<Void> increase(QuotaOperation operation) {
        return change(operation, 1);
    }

    @Override
    public Publisher<Void> decrease(QuotaOperation operation) {
        return change(operation, -1);
    }

    private Mono<Void> change(QuotaOperation operation, int sign) {
        return database.readLater("change the quota usage of " + operation.quotaRoot().getValue(), connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO caducee_quota_usage "
                    + "(quota_root, message_count, size_bytes) VALUES (?, GREATEST(?, 0), GREATEST(?, 0)) "
                    + "ON CONFLICT (quota_root) DO UPDATE SET "
                    + "message_count = GREATEST(caducee_quota_usage.message_count + ?, 0), "
                    + "size_bytes = GREATEST(caducee_quota_usage.size_bytes + ?, 0)")) {
                long count = sign * operation.count().asLong();
                long size = sign * operation.size().asLong();
                upsert.setString(1, operation.quotaRoot().getValue());
                upsert.setLong(2, count);
                upsert.setLong(3, size);
                upsert.setLong(4, count);
                upsert.setLong(5, size);
                return upsert.executeUpdate();
            }
        }).then();
    }

    @Override
    public Publisher<Void> setCurrentQuotas(QuotaOperation operation) {
        return database.readLater("set the quota usage of " + operation.quotaRoot().getValue(), connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO caducee_quota_usage "
                    + "(quota_root, message_count, size_bytes) VALUES (?, ?, ?) ON CONFLICT (quota_root) DO UPDATE "
                    + "SET message_count = EXCLUDED.message_count, size_bytes = EXCLUDED.size_bytes")) {
                upsert.setString(1, operation.quotaRoot().getValue());
                upsert.setLong(2, operation.count().asLong());
                upsert.setLong(3, operation.size().asLong());
                return upsert.executeUpdate();
            }
        }).then();
    }
}
