package fr.caducee.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import javax.mail.Flags;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.model.ByteContent;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxConstants;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.caducee.testkit.PostgresCluster;

/**
 * Expunging on PostgreSQL while a message is being delivered to the same mailbox: the delivery has written its
 * message row and not yet its properties, the moment at which the soak test saw the expunge deadlock with it.
 * Locks are waited for 3 s here: an expunge that waits for the delivery fails.
 */
class KeyRangeMessageMapperTest {
    private static final int MESSAGES = 30;
    private static final long IN_FLIGHT_UID = 1_000;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    static PostgresCluster postgres;
    private String url;
    private EntityManagerFactory database;
    private KeyRangeMapperFactory mappers;
    private Mailbox inbox;
    private Connection delivery;

    @BeforeAll
    static void startPostgresql() throws Exception {
        postgres = PostgresCluster.start();
    }

    @AfterAll
    static void stopPostgresql() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void mailboxOfThirtyMessages() throws Exception {
        String name = "mapper_" + DATABASES.incrementAndGet();
        try (Connection connection = connect(postgres.jdbcUrl()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        url = postgres.jdbcUrl().replaceAll("/caducee$", "/" + name) + "?options=-c%20lock_timeout%3D3000";
        database = Persistence.createEntityManagerFactory(DatabaseModule.PERSISTENCE_UNIT, Map.of(
            "openjpa.ConnectionDriverName", "org.postgresql.Driver",
            "openjpa.ConnectionURL", url,
            "openjpa.ConnectionUserName", PostgresCluster.USER,
            "openjpa.ConnectionPassword", PostgresCluster.PASSWORD,
            "openjpa.Multithreaded", "true"));
        mappers = new KeyRangeMapperFactory(database, new JPAUidProvider(database), new JPAModSeqProvider(database));
        MailboxSession session = new MailboxSession(MailboxSession.SessionId.of(1), Username.of("dr.martin@chu.test"),
            Optional.of(Username.of("dr.martin@chu.test")), List.of(Locale.ROOT), MailboxConstants.DEFAULT_DELIMITER,
            MailboxSession.SessionType.User);
        var mailboxMapper = mappers.createMailboxMapper(session);
        inbox = mailboxMapper.execute(() -> mailboxMapper.create(MailboxPath.inbox(session), UidValidity.of(42)).block());
        var messageMapper = mappers.createMessageMapper(session);
        for (int n = 1; n <= MESSAGES; n++) {
            SimpleMailboxMessage message = message(n);
            messageMapper.execute(() -> messageMapper.add(inbox, message));
        }
        messageMapper.endRequest();
        mailboxMapper.endRequest();
        assertThat(count("SELECT COUNT(*) FROM JAMES_MAIL_PROPERTY")).isPositive();
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        if (delivery != null) {
            delivery.rollback();
            delivery.close();
        }
        database.close();
    }

    @Test
    void expungeCompletesWhileAMessageIsBeingDeliveredToTheMailbox() throws Exception {
        startDelivery();
        KeyRangeMessageMapper mapper = new KeyRangeMessageMapper(new JPAUidProvider(database),
            new JPAModSeqProvider(database), database);

        Map<MessageUid, MessageMetaData> deleted = mapper.execute(() -> mapper.deleteMessages(inbox, uids(1, 10)));
        mapper.endRequest();

        assertThat(deleted).containsOnlyKeys(uids(1, 10));
        delivery.commit();
        assertThat(count("SELECT COUNT(*) FROM JAMES_MAIL")).isEqualTo(MESSAGES - 10 + 1);
        assertThat(count("SELECT MIN(MAIL_UID) FROM JAMES_MAIL")).isEqualTo(11);
        // Their properties went with them, through the foreign key's cascade.
        assertThat(count("SELECT COUNT(*) FROM JAMES_MAIL_PROPERTY WHERE MAIL_UID <= 10")).isZero();
        assertThat(count("SELECT COUNT(*) FROM JAMES_MAIL_PROPERTY WHERE MAIL_UID > 10")).isPositive();
    }

    @Test
    void rangesWithGapsDeleteOnlyTheMessagesAsked() throws Exception {
        KeyRangeMessageMapper mapper = new KeyRangeMessageMapper(new JPAUidProvider(database),
            new JPAModSeqProvider(database), database);
        List<MessageUid> asked = List.of(MessageUid.of(3), MessageUid.of(4), MessageUid.of(5), MessageUid.of(9),
            MessageUid.of(20), MessageUid.of(21));

        Map<MessageUid, MessageMetaData> deleted = mapper.execute(() -> mapper.deleteMessages(inbox, asked));
        mapper.endRequest();

        assertThat(deleted).containsOnlyKeys(asked);
        assertThat(count("SELECT COUNT(*) FROM JAMES_MAIL")).isEqualTo(MESSAGES - asked.size());
        assertThat(count("SELECT COUNT(*) FROM JAMES_MAIL WHERE MAIL_UID IN (3, 4, 5, 9, 20, 21)")).isZero();
        assertThat(count("SELECT COUNT(*) FROM JAMES_MAIL WHERE MAIL_UID IN (2, 6, 8, 10, 19, 22)")).isEqualTo(6);
    }

    @Test
    void deletingTheMailboxRemovesItsMessagesAndTheirProperties() throws Exception {
        CascadingMailboxMapper mapper = new CascadingMailboxMapper(database);

        mapper.execute(() -> mapper.delete(inbox).block());
        mapper.endRequest();

        assertThat(count("SELECT COUNT(*) FROM JAMES_MAILBOX")).isZero();
        assertThat(count("SELECT COUNT(*) FROM JAMES_MAIL")).isZero();
        assertThat(count("SELECT COUNT(*) FROM JAMES_MAIL_PROPERTY")).isZero();
    }

    /** A delivery in flight: its message row is written, uncommitted, and holds its row lock. */
    private void startDelivery() throws SQLException {
        delivery = connect(url);
        delivery.setAutoCommit(false);
        try (PreparedStatement insert = delivery.prepareStatement("INSERT INTO JAMES_MAIL (MAILBOX_ID, MAIL_UID,"
                + " MAIL_IS_ANSWERED, MAIL_BODY_START_OCTET, MAIL_CONTENT_OCTETS_COUNT, MAIL_IS_DELETED, MAIL_IS_DRAFT,"
                + " MAIL_IS_FLAGGED, MAIL_IS_RECENT, MAIL_IS_SEEN, MAIL_BYTES, HEADER_BYTES)"
                + " VALUES (?, ?, FALSE, 0, 4, FALSE, FALSE, FALSE, TRUE, FALSE, ?, ?)")) {
            insert.setLong(1, ((JPAId) inbox.getMailboxId()).getRawId());
            insert.setLong(2, IN_FLIGHT_UID);
            insert.setBytes(3, "body".getBytes(StandardCharsets.US_ASCII));
            insert.setBytes(4, new byte[0]);
            insert.executeUpdate();
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = connect(url); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, PostgresCluster.USER, PostgresCluster.PASSWORD);
    }

    private static List<MessageUid> uids(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(MessageUid::of).toList();
    }

    private SimpleMailboxMessage message(int n) {
        String header = "From: labo@biologie.test\r\nTo: dr.martin@chu.test\r\nSubject: Résultats n° " + n
            + "\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n";
        byte[] content = (header + "Bilan normal, patient " + n + "\r\n").getBytes(StandardCharsets.UTF_8);
        PropertyBuilder properties = new PropertyBuilder();
        properties.setMediaType("text");
        properties.setSubType("plain");
        properties.setContentTypeParameters(Map.of("charset", "UTF-8"));
        properties.setTextualLineCount(1L);
        DefaultMessageId id = new DefaultMessageId();
        return SimpleMailboxMessage.builder()
            .messageId(id)
            .threadId(ThreadId.fromBaseMessageId(id))
            .internalDate(new Date())
            .size(content.length)
            .bodyStartOctet(header.getBytes(StandardCharsets.UTF_8).length)
            .content(new ByteContent(content))
            .flags(new Flags(Flags.Flag.DELETED))
            .properties(properties)
            .mailboxId(inbox.getMailboxId())
            .build();
    }
}
