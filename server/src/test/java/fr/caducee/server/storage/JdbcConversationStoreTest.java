package fr.caducee.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import fr.caducee.rules.patients.Conversation;
import fr.caducee.rules.patients.ConversationStore;
import fr.caducee.testkit.PostgresCluster;

class JdbcConversationStoreTest {
    private static final String PATIENT = "146026322000196@patient.caducee.test";
    private static final String GP = "dr.martin@caducee.test";
    private static final String CARDIOLOGY = "cardiologie@caducee.test";
    private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

    private static final AtomicInteger DATABASES = new AtomicInteger();

    static PostgresCluster postgres;
    private PGSimpleDataSource dataSource;
    private JdbcConversationStore store;

    @BeforeAll
    static void startPostgresql() throws Exception {
        postgres = PostgresCluster.start();
    }

    @AfterAll
    static void stopPostgresql() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void createDatabase() throws Exception {
        dataSource = freshDatabase();
        store = JdbcConversationStore.open(dataSource);
    }

    /** A database of its own for each test, in the one cluster. */
    private static PGSimpleDataSource freshDatabase() throws Exception {
        String name = "conversations_" + DATABASES.incrementAndGet();
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(postgres.jdbcUrl());
        database.setUser(PostgresCluster.USER);
        database.setPassword(PostgresCluster.PASSWORD);
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        database.setURL(postgres.jdbcUrl().replaceAll("/caducee$", "/" + name));
        return database;
    }

    @Test
    void openedConversationShouldBeFoundByItsMessageAndByParticipant() {
        Conversation opened = store.open(PATIENT, GP, Set.of(GP, CARDIOLOGY), "<m1@caducee.test>", T0);

        assertThat(store.containing(PATIENT, List.of("<other@x>", "<m1@caducee.test>")))
            .singleElement().satisfies(found -> {
                assertThat(found.id()).isEqualTo(opened.id());
                assertThat(found.participants()).containsExactlyInAnyOrder(GP, CARDIOLOGY);
                assertThat(found.openedBy()).isEqualTo(GP);
                assertThat(found.isOpen()).isTrue();
            });
        assertThat(store.openInvolving(PATIENT, CARDIOLOGY)).extracting(Conversation::id).containsExactly(opened.id());
        assertThat(store.openInvolving(PATIENT, "pr.bernard@caducee.test")).isEmpty();
        assertThat(store.lastInvolving(PATIENT, "pr.bernard@caducee.test")).isEmpty();
    }

    @Test
    void messageIdsShouldBelongToTheirPatientOnly() {
        store.open(PATIENT, GP, Set.of(GP), "<m1@caducee.test>", T0);

        assertThat(store.containing("180012345678913@patient.caducee.test", List.of("<m1@caducee.test>"))).isEmpty();
        assertThat(store.containing(PATIENT, List.of())).isEmpty();
    }

    @Test
    void addedMessageShouldTieItsRepliesToTheConversationAndAddingItTwiceShouldBeHarmless() {
        Conversation opened = store.open(PATIENT, GP, Set.of(GP), "<m1@caducee.test>", T0);

        store.addMessage(opened.id(), "<reply@patient.caducee.test>", Set.of(GP, CARDIOLOGY), T0.plusSeconds(60));
        store.addMessage(opened.id(), "<reply@patient.caducee.test>", Set.of(CARDIOLOGY), T0.plusSeconds(61));

        assertThat(store.containing(PATIENT, List.of("<reply@patient.caducee.test>")))
            .singleElement().satisfies(found -> assertThat(found.participants()).containsExactlyInAnyOrder(GP, CARDIOLOGY));
    }

    @Test
    void closingShouldKeepTheFirstClosing() {
        Conversation opened = store.open(PATIENT, GP, Set.of(GP, CARDIOLOGY), "<m1@caducee.test>", T0);

        store.close(opened.id(), GP, T0.plusSeconds(3600));
        store.close(opened.id(), CARDIOLOGY, T0.plusSeconds(7200));

        assertThat(store.openInvolving(PATIENT, GP)).isEmpty();
        assertThat(store.lastInvolving(PATIENT, GP)).hasValueSatisfying(closed -> {
            assertThat(closed.isOpen()).isFalse();
            assertThat(closed.closedBy()).contains(GP);
            assertThat(closed.closedAt()).contains(T0.plusSeconds(3600));
        });
    }

    @Test
    void conversationsShouldBeListedMostRecentFirst() {
        Conversation first = store.open(PATIENT, GP, Set.of(GP), "<m1@caducee.test>", T0);
        Conversation second = store.open(PATIENT, GP, Set.of(GP), "<m2@caducee.test>", T0.plusSeconds(10));

        assertThat(store.openInvolving(PATIENT, GP)).extracting(Conversation::id).containsExactly(second.id(), first.id());
        assertThat(store.lastInvolving(PATIENT, GP)).map(Conversation::id).contains(second.id());
        assertThat(store.containing(PATIENT, List.of("<m1@caducee.test>", "<m2@caducee.test>")))
            .extracting(Conversation::id).containsExactly(second.id(), first.id());
    }

    @Test
    void reopeningTheStoreShouldFindWhatWasWritten() {
        Conversation opened = store.open(PATIENT, GP, Set.of(GP), "<m1@caducee.test>", T0);

        JdbcConversationStore again = JdbcConversationStore.open(dataSource);

        assertThat(again.containing(PATIENT, List.of("<m1@caducee.test>"))).extracting(Conversation::id)
            .containsExactly(opened.id());
    }

    @Test
    void concurrentWritersShouldEachSeeTheirWriteCommitted() throws Exception {
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Conversation>> opened = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String messageId = "<c" + i + "@caducee.test>";
                opened.add(writers.submit(() -> store.open(PATIENT, GP, Set.of(GP), messageId, T0)));
            }
            for (int i = 0; i < 200; i++) {
                String id = opened.get(i).get().id();
                assertThat(store.containing(PATIENT, List.of("<c" + i + "@caducee.test>")))
                    .extracting(Conversation::id).containsExactly(id);
            }
        } finally {
            writers.shutdownNow();
        }
        assertThat(store.openInvolving(PATIENT, GP)).hasSize(200);
    }

    @Test
    void oneFailingWriteShouldFailOnlyItsCaller() {
        Conversation opened = store.open(PATIENT, GP, Set.of(GP), "<m1@caducee.test>", T0);
        // A participant address longer than the column: the database refuses this write alone.
        assertThatThrownBy(() -> store.addMessage(opened.id(), "<m2@caducee.test>", Set.of("x".repeat(400) + "@caducee.test"), T0))
            .isInstanceOf(ConversationStore.ConversationStoreUnavailableException.class);

        store.addMessage(opened.id(), "<m3@caducee.test>", Set.of(CARDIOLOGY), T0);
        assertThat(store.containing(PATIENT, List.of("<m3@caducee.test>"))).singleElement()
            .satisfies(found -> assertThat(found.participants()).containsExactlyInAnyOrder(GP, CARDIOLOGY));
        assertThat(store.containing(PATIENT, List.of("<m2@caducee.test>"))).isEmpty();
    }

    @Test
    void longMessageIdsShouldBeKeptWhole() {
        String longId = "<" + "x".repeat(990) + "@caducee.test>";
        store.open(PATIENT, GP, Set.of(GP), longId, T0);

        assertThat(store.containing(PATIENT, List.of(longId))).hasSize(1);
        assertThat(store.containing(PATIENT, List.of("<" + "x".repeat(989) + "@caducee.test>"))).isEmpty();
    }

    @Test
    void aDatabaseWhoseTablesPredateVersionedMigrationsShouldKeepItsConversations() throws Exception {
        PGSimpleDataSource older = freshDatabase();
        try (java.sql.Connection connection = older.getConnection();
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE CADUCEE_CONVERSATION (ID CHAR(36) NOT NULL PRIMARY KEY, PATIENT VARCHAR(320)"
                + " NOT NULL, OPENED_BY VARCHAR(320) NOT NULL, OPENED_AT TIMESTAMP NOT NULL, CLOSED_BY VARCHAR(320),"
                + " CLOSED_AT TIMESTAMP)");
            statement.execute("CREATE TABLE CADUCEE_CONVERSATION_PARTICIPANT (CONVERSATION_ID CHAR(36) NOT NULL,"
                + " BOX VARCHAR(320) NOT NULL, PRIMARY KEY (CONVERSATION_ID, BOX))");
            statement.execute("CREATE TABLE CADUCEE_CONVERSATION_MESSAGE (MESSAGE_KEY CHAR(64) NOT NULL,"
                + " CONVERSATION_ID CHAR(36) NOT NULL, ADDED_AT TIMESTAMP NOT NULL,"
                + " PRIMARY KEY (MESSAGE_KEY, CONVERSATION_ID))");
            statement.execute("INSERT INTO CADUCEE_CONVERSATION VALUES ('" + java.util.UUID.randomUUID() + "', '" + PATIENT
                + "', '" + GP + "', CURRENT_TIMESTAMP, NULL, NULL)");
        }

        JdbcConversationStore migrated = JdbcConversationStore.open(older);

        try (java.sql.Connection connection = older.getConnection();
             java.sql.ResultSet history = connection.createStatement().executeQuery(
                 "SELECT \"version\", \"type\" FROM \"caducee_schema_history\" ORDER BY \"installed_rank\"");
             java.sql.ResultSet kept = connection.createStatement().executeQuery(
                 "SELECT count(*) FROM CADUCEE_CONVERSATION")) {
            assertThat(history.next()).isTrue();
            assertThat(history.getString(1)).isEqualTo("1");
            assertThat(history.getString(2)).isEqualTo("BASELINE");
            kept.next();
            assertThat(kept.getInt(1)).isEqualTo(1);
        }
        assertThat(migrated.open(PATIENT, GP, Set.of(GP), "<m9@caducee.test>", T0)).isNotNull();
    }
}
