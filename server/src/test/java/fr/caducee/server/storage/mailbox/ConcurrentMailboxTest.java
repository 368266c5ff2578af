package fr.caducee.server.storage.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MessageManager.FlagsUpdateMode;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.ByteContent;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.store.FlagsUpdateCalculator;
import org.apache.james.mailbox.store.mail.MessageMapper.FetchType;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.common.collect.ImmutableList;

import fr.caducee.server.storage.search.MessageIndexing;

/**
 * A care team's shared box: several sessions append, set and clear flags, expunge, copy and move on one mailbox at
 * once. Nothing fails, the counters and the quota usage equal what the rows say, nothing expunged comes back, and no
 * message's bytes outlive the last mailbox holding them.
 */
class ConcurrentMailboxTest {
    static final int SESSIONS = 8;
    static final int OPERATIONS = 60;
    static final Username TEAM = Username.of("equipe.soins@chu.localhost");

    private MailboxDatabase database;
    private PostgresMessageMapper messages;
    private Mailbox inbox;
    private Mailbox archive;

    @BeforeEach
    void sharedBox() throws Exception {
        database = StorePostgres.fresh();
        PostgresMailboxMapper mailboxes = new PostgresMailboxMapper(database);
        messages = new PostgresMessageMapper(database, MessageIndexing.NONE, Clock.systemUTC());
        inbox = mailboxes.create(MailboxPath.inbox(TEAM), UidValidity.of(7)).block();
        archive = mailboxes.create(MailboxPath.forUser(TEAM, "Archive"), UidValidity.of(8)).block();
        for (int i = 0; i < 30; i++) {
            messages.add(inbox, message(inbox, i));
        }
    }

    @Test
    void concurrentSessionsNeverFailNorDriftNorResurrect() throws Exception {
        Set<MessageUid> expunged = ConcurrentHashMap.newKeySet();
        ExecutorService sessions = Executors.newFixedThreadPool(SESSIONS);
        List<Future<?>> running = new ArrayList<>();
        for (int session = 0; session < SESSIONS; session++) {
            int number = session;
            running.add(sessions.submit(() -> {
                for (int operation = 0; operation < OPERATIONS; operation++) {
                    work(number, operation, expunged);
                }
                return null;
            }));
        }
        for (Future<?> session : running) {
            session.get(5, TimeUnit.MINUTES);
        }
        sessions.shutdown();

        assertThat(expunged).isNotEmpty();
        List<MessageUid> left = ImmutableList.copyOf(messages.findInMailbox(inbox, MessageRange.all(), FetchType.METADATA, -1))
            .stream().map(MailboxMessage::getUid).toList();
        assertThat(left).doesNotContainAnyElementsOf(expunged);
        try (Connection connection = StorePostgres.dataSource().getConnection()) {
            assertThat(single(connection, """
                SELECT count(*) FROM caducee_mailbox b WHERE message_count <> (SELECT count(*)
                FROM caducee_mailbox_message m WHERE m.mailbox_id = b.mailbox_id)""")).as("mailboxes miscounted").isZero();
            assertThat(single(connection, """
                SELECT count(*) FROM caducee_mailbox b WHERE unseen_count <> (SELECT count(*)
                FROM caducee_mailbox_message m WHERE m.mailbox_id = b.mailbox_id AND NOT seen)""")).as("unseen miscounted").isZero();
            assertThat(single(connection, "SELECT message_count FROM caducee_quota_usage"))
                .isEqualTo(single(connection, "SELECT count(*) FROM caducee_mailbox_message"));
            assertThat(single(connection, "SELECT size_bytes FROM caducee_quota_usage"))
                .isEqualTo(single(connection, "SELECT coalesce(sum(size), 0) FROM caducee_mailbox_message"));
            assertThat(single(connection, """
                SELECT count(*) FROM caducee_message m WHERE mailbox_count <> (SELECT count(*)
                FROM caducee_mailbox_message x WHERE x.message_id = m.message_id)""")).as("shares miscounted").isZero();
            assertThat(single(connection, """
                SELECT count(*) FROM caducee_message m WHERE NOT EXISTS (SELECT 1 FROM caducee_mailbox_message x
                WHERE x.message_id = m.message_id)""")).as("bytes of expunged messages left").isZero();
        }
    }

    /** One session's next command, chosen as an IMAP client on a shared box would mix them. */
    private void work(int session, int operation, Set<MessageUid> expunged) throws Exception {
        switch ((session + operation) % 7) {
            case 0, 1 -> messages.add(inbox, message(inbox, operation));
            case 2 -> messages.updateFlags(inbox, new FlagsUpdateCalculator(new Flags(Flags.Flag.SEEN), FlagsUpdateMode.ADD),
                MessageRange.all());
            case 3 -> messages.updateFlags(inbox, new FlagsUpdateCalculator(flags(), FlagsUpdateMode.REPLACE),
                MessageRange.range(MessageUid.of(ThreadLocalRandom.current().nextLong(1, 40)),
                    MessageUid.of(ThreadLocalRandom.current().nextLong(40, 400))));
            case 4 -> {
                List<MessageUid> deleted = messages.retrieveMessagesMarkedForDeletion(inbox, MessageRange.all());
                expunged.addAll(messages.deleteMessages(inbox, deleted).keySet());
            }
            case 5 -> {
                List<MailboxMessage> some = ImmutableList.copyOf(messages.findInMailbox(inbox,
                    MessageRange.from(MessageUid.of(ThreadLocalRandom.current().nextLong(1, 300))), FetchType.METADATA, 3));
                messages.copy(archive, some);
            }
            default -> {
                List<MailboxMessage> some = ImmutableList.copyOf(messages.findInMailbox(archive, MessageRange.all(),
                    FetchType.METADATA, 2));
                if (!some.isEmpty()) {
                    messages.move(inbox, some);
                }
                List<MessageUid> archived = messages.retrieveMessagesMarkedForDeletion(archive, MessageRange.all());
                messages.deleteMessages(archive, archived);
            }
        }
    }

    private static Flags flags() {
        Flags flags = new Flags();
        if (ThreadLocalRandom.current().nextBoolean()) {
            flags.add(Flags.Flag.DELETED);
        }
        if (ThreadLocalRandom.current().nextBoolean()) {
            flags.add(Flags.Flag.SEEN);
        }
        flags.add("$Label" + ThreadLocalRandom.current().nextInt(3));
        return flags;
    }

    private static MailboxMessage message(Mailbox mailbox, int n) {
        byte[] content = ("Subject: compte rendu " + n + "\r\nFrom: labo@chu.localhost\r\n\r\nBilan " + n + "\r\n")
            .getBytes(StandardCharsets.UTF_8);
        int bodyStart = ("Subject: compte rendu " + n + "\r\nFrom: labo@chu.localhost\r\n\r\n").length();
        StoredMessageId id = new StoredMessageId.Factory().generate();
        return SimpleMailboxMessage.builder()
            .messageId(id)
            .threadId(ThreadId.fromBaseMessageId(id))
            .mailboxId(mailbox.getMailboxId())
            .internalDate(new Date())
            .size(content.length)
            .bodyStartOctet(bodyStart)
            .content(new ByteContent(content))
            .flags(new Flags())
            .properties(new PropertyBuilder())
            .build();
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
