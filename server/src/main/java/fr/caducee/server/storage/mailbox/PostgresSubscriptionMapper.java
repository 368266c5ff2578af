package fr.caducee.server.storage.mailbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.core.Username;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.SubscriptionException;
import org.apache.james.mailbox.store.user.SubscriptionMapper;
import org.apache.james.mailbox.store.user.model.Subscription;

/** IMAP subscriptions ({@code SUBSCRIBE}, {@code LSUB}) in {@code caducee_subscription}. */
public final class PostgresSubscriptionMapper implements SubscriptionMapper {
    private final MailboxDatabase database;

    public PostgresSubscriptionMapper(MailboxDatabase database) {
        this.database = database;
    }

    @Override
    public void save(Subscription subscription) throws SubscriptionException {
        change("subscribe " + subscription.getUser().asString() + " to " + subscription.getMailbox(),
            "INSERT INTO caducee_subscription (owner, mailbox) VALUES (?, ?) ON CONFLICT DO NOTHING", subscription);
    }

    @Override
    public void delete(Subscription subscription) throws SubscriptionException {
        change("unsubscribe " + subscription.getUser().asString() + " from " + subscription.getMailbox(),
            "DELETE FROM caducee_subscription WHERE owner = ? AND mailbox = ?", subscription);
    }

    @Override
    public List<Subscription> findSubscriptionsForUser(Username user) throws SubscriptionException {
        try {
            return database.read("list the subscriptions of " + user.asString(), connection -> {
                List<Subscription> subscriptions = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT mailbox FROM caducee_subscription WHERE owner = ? ORDER BY mailbox")) {
                    select.setString(1, user.asString());
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            subscriptions.add(new Subscription(user, rows.getString(1)));
                        }
                    }
                }
                return subscriptions;
            });
        } catch (MailboxException e) {
            throw new SubscriptionException(e);
        }
    }

    private void change(String what, String sql, Subscription subscription) throws SubscriptionException {
        try {
            database.read(what, connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setString(1, subscription.getUser().asString());
                    statement.setString(2, subscription.getMailbox());
                    return statement.executeUpdate();
                }
            });
        } catch (MailboxException e) {
            throw new SubscriptionException(e);
        }
    }
}
