package fr.caducee.server.storage.spool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;

import javax.mail.MessagingException;
import javax.sql.DataSource;

import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.mailet.Mail;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.rules.delivery.DeliveryFailures;
import fr.caducee.rules.smtp.AcceptanceSpool;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One mail queue (James's {@code spool}, {@code outgoing}...) as the rows of {@code caducee_spool} bearing its name.
 *
 * <p>Enqueue is one INSERT, committed (PostgreSQL's {@code synchronous_commit}, on by default, waits for the WAL on
 * disk) before it returns, so before the SMTP server answers 250. Dequeue claims the oldest due mail with
 * {@code FOR UPDATE SKIP LOCKED}: workers claiming at the same time skip each other's rows instead of waiting on one
 * lock, and the claim commits at once, so no transaction stays open while a mailet runs. {@link SpoolItem#done} deletes
 * the row (success, reject) or releases it (retry).
 *
 * <p>SMTP acceptance {@linkplain #hold holds} a mail first: its row is committed claimed by this JVM and marked
 * {@code awaiting_record}, so no worker takes it, until its acceptance is recorded and it is released (or withdrawn
 * when the record cannot be written).
 */
public class PostgresMailQueue implements ManageableMailQueue, AcceptanceSpool {
    private static final Logger LOGGER = LoggerFactory.getLogger(PostgresMailQueue.class);
    /**
     * The longest a dequeuing worker sleeps before looking again. Mails enqueued by this JVM wake the workers at once;
     * the poll catches a delayed mail falling due. A short poll rather than LISTEN/NOTIFY: one JVM writes the spool, and a listening connection
     * would be held out of the pool for nothing.
     */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(1);
    private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    /**
     * A retry is a new row replacing the one being processed: it keeps that row's operator hold, so a mail held while
     * an attempt was under way stays held.
     */
    private static final String INSERT = "INSERT INTO caducee_spool (queue_name, next_delivery, " + SpooledMail.COLUMNS
        + ", on_hold) VALUES (?, ?, " + SpooledMail.VALUES + ", EXISTS (SELECT 1 FROM caducee_spool WHERE on_hold "
        + "AND queue_name = ? AND mail_name = ?))";
    private static final String HOLD = "INSERT INTO caducee_spool (queue_name, next_delivery, claimed_by, claimed_at, "
        + "awaiting_record, " + SpooledMail.COLUMNS + ") VALUES (?, ?, ?, now(), true, " + SpooledMail.VALUES
        + ") RETURNING id";
    private static final String RELEASE_HELD = "UPDATE caducee_spool SET claimed_by = NULL, claimed_at = NULL, "
        + "awaiting_record = false, updated = now() WHERE id = ? AND awaiting_record";
    private static final String WITHDRAW_HELD = "DELETE FROM caducee_spool WHERE id = ? AND awaiting_record";
    private static final String CLAIM = "UPDATE caducee_spool SET claimed_by = ?, claimed_at = now(), updated = now() "
        + "WHERE id = (SELECT id FROM caducee_spool WHERE queue_name = ? AND claimed_by IS NULL AND NOT on_hold "
        + "AND next_delivery <= ? "
        + "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id, next_delivery, " + SpooledMail.COLUMNS;
    private static final String NEXT_DUE = "SELECT min(next_delivery) FROM caducee_spool WHERE queue_name = ? "
        + "AND claimed_by IS NULL AND NOT on_hold";
    private static final String RELEASE = "UPDATE caducee_spool SET claimed_by = NULL, claimed_at = NULL, updated = now() "
        + "WHERE id = ? AND claimed_by = ?";
    private static final String RELEASE_LATER = "UPDATE caducee_spool SET claimed_by = NULL, claimed_at = NULL, "
        + "next_delivery = ?, updated = now() WHERE id = ? AND claimed_by = ?";
    private static final String DELETE = "DELETE FROM caducee_spool WHERE id = ? AND claimed_by = ?";
    /** How long a mail James's spooler rejected waits before it is tried again. */
    static final Duration REJECTED_RETRY_DELAY = Duration.ofSeconds(30);

    private final MailQueueName name;
    private final DataSource database;
    private final UUID jvm;
    private final MailQueueItemDecoratorFactory decorators;
    private final Clock clock;
    private final Object newMail = new Object();
    private volatile boolean stopped;

    PostgresMailQueue(MailQueueName name, DataSource database, UUID jvm, MailQueueItemDecoratorFactory decorators,
                      Clock clock) {
        this.name = name;
        this.database = database;
        this.jvm = jvm;
        this.decorators = decorators;
        this.clock = clock;
    }

    @Override
    public MailQueueName getName() {
        return name;
    }

    @Override
    public void enQueue(Mail mail, Duration delay) throws MailQueueException {
        Instant due = due(delay);
        // RemoteDelivery writing a mail back after a failed attempt: the reason our transport noted becomes its error.
        DeliveryFailures.take(mail.getName()).ifPresent(mail::setErrorMessage);
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            connection.setAutoCommit(true);
            insert.setString(1, name.asString());
            insert.setTimestamp(2, Timestamp.from(due));
            int next = SpooledMail.bind(insert, 3, mail);
            insert.setString(next, name.asString());
            insert.setString(next + 1, mail.getName());
            insert.executeUpdate();
        } catch (SQLException | MessagingException e) {
            throw new MailQueueException("mail " + mail.getName() + " could not be written to queue " + name.asString(), e);
        }
        wakeWorkers();
    }

    /** Writes the mail held: committed, claimed by this JVM and awaiting its record, so that no worker takes it. */
    @Override
    public Held hold(Mail mail) throws MailQueueException {
        long id;
        try (Connection connection = database.getConnection();
             PreparedStatement hold = connection.prepareStatement(HOLD)) {
            connection.setAutoCommit(true);
            hold.setString(1, name.asString());
            hold.setTimestamp(2, Timestamp.from(clock.instant()));
            hold.setObject(3, jvm);
            SpooledMail.bind(hold, 4, mail);
            try (ResultSet row = hold.executeQuery()) {
                row.next();
                id = row.getLong(1);
            }
        } catch (SQLException | MessagingException e) {
            throw new MailQueueException("mail " + mail.getName() + " could not be written to queue " + name.asString(), e);
        }
        return new HeldMail(id, mail.getName());
    }

    /**
     * Writes a mail into this queue within the caller's transaction, on its connection: the row is there exactly when
     * the caller's other rows are (a deposit and its receipt, committed together or not at all). The caller commits,
     * then calls {@link #wakeWorkers()} so that the mail goes out at once rather than at the next poll.
     */
    public void enQueue(Connection transaction, Mail mail) throws SQLException, MessagingException {
        try (PreparedStatement insert = transaction.prepareStatement(INSERT)) {
            insert.setString(1, name.asString());
            insert.setTimestamp(2, Timestamp.from(clock.instant()));
            int next = SpooledMail.bind(insert, 3, mail);
            insert.setString(next, name.asString());
            insert.setString(next + 1, mail.getName());
            insert.executeUpdate();
        }
    }

    @Override
    public void enQueue(Mail mail) throws MailQueueException {
        enQueue(mail, Duration.ZERO);
    }

    @Override
    public Publisher<Void> enqueueReactive(Mail mail) {
        return Mono.<Void>fromRunnable(() -> {
            try {
                enQueue(mail);
            } catch (MailQueueException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Mails as workers ask for them: one claimed per unit of demand, never ahead of it, so a subscriber that cancels
     * leaves no mail claimed and unprocessed. Each subscription is served by one thread that claims, and waits when
     * nothing is due (its own thread: it blocks on the database and on the wait, never on a reactive scheduler's).
     */
    @Override
    public Publisher<MailQueueItem> deQueue() {
        return Flux.<MailQueueItem>create(sink -> {
            Thread worker = new Thread(() -> {
                while (!sink.isCancelled() && !stopped) {
                    if (sink.requestedFromDownstream() <= 0) {
                        sleep(LONGEST_WAIT);
                        continue;
                    }
                    try {
                        Optional<SpoolItem> claimed = claim();
                        if (claimed.isEmpty()) {
                            sleep(untilNextDue());
                        } else if (sink.isCancelled()) {
                            claimed.get().release();
                        } else {
                            sink.next(decorators.decorate(claimed.get(), name));
                        }
                    } catch (SQLException | MessagingException | RuntimeException e) {
                        // The database is away (restart, full disk): workers wait and try again, mails stay spooled.
                        LOGGER.warn("Queue {}: could not take the next mail, trying again in {} s: {}", name.asString(),
                            LONGEST_WAIT.toSeconds(), e.toString());
                        sleep(LONGEST_WAIT);
                    }
                }
            }, "spool-" + name.asString());
            worker.setDaemon(true);
            worker.start();
            sink.onRequest(demand -> wakeWorkers());
            sink.onCancel(this::wakeWorkers);
        });
    }

    private Optional<SpoolItem> claim() throws SQLException, MessagingException {
        try (Connection connection = database.getConnection();
             PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            connection.setAutoCommit(true);
            claim.setObject(1, jvm);
            claim.setString(2, name.asString());
            claim.setTimestamp(3, Timestamp.from(clock.instant()));
            try (ResultSet row = claim.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                long id = row.getLong("id");
                return Optional.of(new SpoolItem(id, SpooledMail.read(row, sourceId(id))));
            }
        }
    }

    private Duration untilNextDue() {
        try (Connection connection = database.getConnection();
             PreparedStatement nextDue = connection.prepareStatement(NEXT_DUE)) {
            nextDue.setString(1, name.asString());
            try (ResultSet row = nextDue.executeQuery()) {
                Timestamp due = row.next() ? row.getTimestamp(1) : null;
                if (due == null) {
                    return LONGEST_WAIT;
                }
                Duration wait = Duration.between(clock.instant(), due.toInstant());
                return wait.isNegative() ? Duration.ofMillis(10) : wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
            }
        } catch (SQLException e) {
            return LONGEST_WAIT;
        }
    }

    private void sleep(Duration wait) {
        synchronized (newMail) {
            try {
                newMail.wait(Math.max(1, wait.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A mail was enqueued or a worker asked for more: waiting workers look now rather than at their next poll. */
    public void wakeWorkers() {
        synchronized (newMail) {
            newMail.notifyAll();
        }
    }

    private Instant due(Duration delay) {
        if (delay == null || delay.isNegative() || delay.isZero()) {
            return clock.instant();
        }
        try {
            Instant due = clock.instant().plus(delay);
            return due.isAfter(LATEST) ? LATEST : due;
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return LATEST;
        }
    }

    private String sourceId(long id) {
        return "spool:" + name.asString() + ":" + id;
    }

    @Override
    public long getSize() throws MailQueueException {
        return count("SELECT count(*) FROM caducee_spool WHERE queue_name = ? AND NOT awaiting_record", "count");
    }

    /**
     * Delayed mails of this queue made due now (WebAdmin's flush); a mail being processed, or held by the operator, is
     * left as it is.
     */
    @Override
    public long flush() throws MailQueueException {
        try (Connection connection = database.getConnection();
             PreparedStatement flush = connection.prepareStatement("UPDATE caducee_spool SET next_delivery = ?, "
                 + "updated = now() WHERE queue_name = ? AND claimed_by IS NULL AND NOT on_hold AND next_delivery > ?")) {
            connection.setAutoCommit(true);
            Timestamp now = Timestamp.from(clock.instant());
            flush.setTimestamp(1, now);
            flush.setString(2, name.asString());
            flush.setTimestamp(3, now);
            long flushed = flush.executeUpdate();
            wakeWorkers();
            return flushed;
        } catch (SQLException e) {
            throw new MailQueueException("queue " + name.asString() + ": flush failed", e);
        }
    }

    @Override
    public long clear() throws MailQueueException {
        return count("DELETE FROM caducee_spool WHERE queue_name = ? AND claimed_by IS NULL", "clear");
    }

    @Override
    public long remove(Type type, String value) throws MailQueueException {
        String condition = switch (type) {
            case Name -> "mail_name = ?";
            case Sender -> "sender = ?";
            case Recipient -> "? = ANY (recipients)";
        };
        try (Connection connection = database.getConnection();
             PreparedStatement remove = connection.prepareStatement("DELETE FROM caducee_spool WHERE queue_name = ? "
                 + "AND claimed_by IS NULL AND " + condition)) {
            connection.setAutoCommit(true);
            remove.setString(1, name.asString());
            remove.setString(2, value);
            return remove.executeUpdate();
        } catch (SQLException e) {
            throw new MailQueueException("queue " + name.asString() + ": could not remove mails by " + type, e);
        }
    }

    /**
     * The waiting mails in their order; the list of rows is taken at once, each mail read when the iterator reaches
     * it (a mail dequeued or removed in between is skipped).
     */
    @Override
    public MailQueueIterator browse() throws MailQueueException {
        List<Long> ids = new ArrayList<>();
        try (Connection connection = database.getConnection();
             PreparedStatement list = connection.prepareStatement(
                 "SELECT id FROM caducee_spool WHERE queue_name = ? AND claimed_by IS NULL ORDER BY id")) {
            list.setString(1, name.asString());
            try (ResultSet rows = list.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new MailQueueException("queue " + name.asString() + " could not be browsed", e);
        }
        return new Browsing(ids.iterator());
    }

    private Optional<MailQueueItemView> view(long id) {
        try (Connection connection = database.getConnection();
             PreparedStatement read = connection.prepareStatement("SELECT next_delivery, " + SpooledMail.COLUMNS
                 + " FROM caducee_spool WHERE id = ? AND claimed_by IS NULL")) {
            read.setLong(1, id);
            try (ResultSet row = read.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DefaultMailQueueItemView(SpooledMail.read(row, sourceId(id)),
                    row.getTimestamp("next_delivery").toInstant().atZone(ZoneOffset.UTC)));
            }
        } catch (SQLException | MessagingException e) {
            throw new IllegalStateException("queue " + name.asString() + ": mail " + id + " could not be read", e);
        }
    }

    private long count(String statement, String what) throws MailQueueException {
        try (Connection connection = database.getConnection();
             PreparedStatement count = connection.prepareStatement(statement)) {
            connection.setAutoCommit(true);
            count.setString(1, name.asString());
            if (what.equals("count")) {
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
            return count.executeUpdate();
        } catch (SQLException e) {
            throw new MailQueueException("queue " + name.asString() + ": " + what + " failed", e);
        }
    }

    /** James's workers keep their subscription until the end: the server stopping ends them. */
    @Override
    public void close() {
        wakeWorkers();
    }

    void stop() {
        stopped = true;
        wakeWorkers();
    }

    @Override
    public String toString() {
        return "PostgresMailQueue[" + name.asString() + "]";
    }

    /**
     * A claimed mail: done() deletes its row once processed, or gives it back to the queue: at once to retry, after
     * {@link #REJECTED_RETRY_DELAY} when rejected. James's spooler rejects a mail when it could neither process it, nor
     * queue it again, nor keep it in the error repository (a full disk fails all three): deleting the row then would
     * lose a mail acknowledged with 250, so it is kept and tried again once there may be room.
     */
    final class SpoolItem implements MailQueueItem {
        private final long id;
        private final Mail mail;

        SpoolItem(long id, Mail mail) {
            this.id = id;
            this.mail = mail;
        }

        @Override
        public Mail getMail() {
            return mail;
        }

        @Override
        public void done(CompletionStatus status) throws MailQueueException {
            try (Connection connection = database.getConnection();
                 PreparedStatement done = connection.prepareStatement(switch (status) {
                     case SUCCESS -> DELETE;
                     case RETRY -> RELEASE;
                     case REJECT -> RELEASE_LATER;
                 })) {
                connection.setAutoCommit(true);
                int next = 1;
                if (status == CompletionStatus.REJECT) {
                    done.setTimestamp(next++, Timestamp.from(clock.instant().plus(REJECTED_RETRY_DELAY)));
                }
                done.setLong(next++, id);
                done.setObject(next, jvm);
                done.executeUpdate();
            } catch (SQLException e) {
                throw new MailQueueException("queue " + name.asString() + ": mail " + mail.getName()
                    + " could not be marked " + status, e);
            }
            if (status == CompletionStatus.RETRY) {
                wakeWorkers();
            }
        }

        void release() {
            try {
                done(CompletionStatus.RETRY);
            } catch (MailQueueException e) {
                // Left claimed: the next start releases it.
                LOGGER.warn("Queue {}: mail {} could not be given back: {}", name.asString(), mail.getName(), e.toString());
            }
        }
    }

    /** A mail held at acceptance: released to the workers, or withdrawn, by the SMTP session that holds it. */
    private final class HeldMail implements Held {
        private final long id;
        private final String mailName;

        HeldMail(long id, String mailName) {
            this.id = id;
            this.mailName = mailName;
        }

        @Override
        public void release() throws MailQueueException {
            settle(RELEASE_HELD, "released");
            wakeWorkers();
        }

        @Override
        public void withdraw() throws MailQueueException {
            settle(WITHDRAW_HELD, "withdrawn");
        }

        private void settle(String statement, String what) throws MailQueueException {
            try (Connection connection = database.getConnection();
                 PreparedStatement settle = connection.prepareStatement(statement)) {
                connection.setAutoCommit(true);
                settle.setLong(1, id);
                if (settle.executeUpdate() != 1) {
                    throw new MailQueueException("queue " + name.asString() + ": held mail " + mailName
                        + " is no longer there to be " + what);
                }
            } catch (SQLException e) {
                throw new MailQueueException("queue " + name.asString() + ": held mail " + mailName + " could not be "
                    + what, e);
            }
        }
    }

    private final class Browsing implements MailQueueIterator {
        private final Iterator<Long> ids;
        private MailQueueItemView next;

        Browsing(Iterator<Long> ids) {
            this.ids = ids;
        }

        @Override
        public boolean hasNext() {
            while (next == null && ids.hasNext()) {
                next = view(ids.next()).orElse(null);
            }
            return next != null;
        }

        @Override
        public MailQueueItemView next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            MailQueueItemView view = next;
            next = null;
            return view;
        }

        @Override
        public void close() {
        }
    }
}
