package fr.caducee.server.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import fr.caducee.server.storage.SchemaMigrations;
import fr.caducee.testkit.PostgresCluster;

class JdbcReceiptStoreTest {
    static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
    static final String BOX = "dr.martin@chu.test";

    static PostgresCluster postgres;
    static PGSimpleDataSource dataSource;
    JdbcReceiptStore store;

    @BeforeAll
    static void startPostgresql() throws Exception {
        postgres = PostgresCluster.start();
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setURL(postgres.jdbcUrl());
        admin.setUser(PostgresCluster.USER);
        admin.setPassword(PostgresCluster.PASSWORD);
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE receipts");
        }
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(postgres.jdbcUrl().replaceAll("/caducee$", "/receipts"));
        dataSource.setUser(PostgresCluster.USER);
        dataSource.setPassword(PostgresCluster.PASSWORD);
        SchemaMigrations.apply(dataSource);
    }

    @AfterAll
    static void stopPostgresql() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void emptyTables() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE caducee_receipt, caducee_sent_message RESTART IDENTITY CASCADE");
        }
        store = new JdbcReceiptStore(dataSource);
    }

    @Test
    void aSentMessageIsFoundByEnvelopeIdOrMessageIdWithItsRecipientsAndOrcpts() {
        store.recordSent("mail-1", "Dr.Martin@chu.test", Optional.of("<m1@chu.test>"), Optional.of("env-1"),
            List.of(new SentMessage.Recipient("a@chu.test", Optional.of("alias@chu.test")),
                new SentMessage.Recipient("b@other.test", Optional.empty())), T0);

        SentMessage byEnvelope = store.findSent(BOX, Optional.empty(), Optional.of("env-1")).orElseThrow();
        SentMessage byMessageId = store.findSent(BOX, Optional.of("<m1@chu.test>"), Optional.empty()).orElseThrow();

        assertThat(byEnvelope).isEqualTo(byMessageId);
        assertThat(byEnvelope.senderBox()).isEqualTo(BOX);
        assertThat(byEnvelope.acceptedAt()).isEqualTo(T0);
        assertThat(byEnvelope.recipients()).containsExactly(
            new SentMessage.Recipient("a@chu.test", Optional.of("alias@chu.test")),
            new SentMessage.Recipient("b@other.test", Optional.empty()));
        assertThat(store.findSent("other@chu.test", Optional.of("<m1@chu.test>"), Optional.of("env-1"))).isEmpty();
    }

    @Test
    void theSameMailRecordedTwiceIsOneRow() {
        for (int i = 0; i < 2; i++) {
            store.recordSent("mail-1", BOX, Optional.of("<m1@chu.test>"), Optional.empty(),
                List.of(new SentMessage.Recipient("a@chu.test", Optional.empty())), T0);
        }
        store.recordSent("mail-2", BOX, Optional.of("<m1@chu.test>"), Optional.empty(),
            List.of(new SentMessage.Recipient("c@chu.test", Optional.empty())), T0.plusSeconds(60));

        // A message sent again under the same Message-ID: its latest sending answers.
        assertThat(store.findSent(BOX, Optional.of("<m1@chu.test>"), Optional.empty()).orElseThrow().recipients())
            .extracting(SentMessage.Recipient::address).containsExactly("c@chu.test");
    }

    @Test
    void receiptsAreKeptInTheOrderTheyArrivedAndASecondPassAddsNothing() {
        store.recordSent("mail-1", BOX, Optional.of("<m1@chu.test>"), Optional.empty(),
            List.of(new SentMessage.Recipient("a@chu.test", Optional.empty())), T0);
        long id = store.findSent(BOX, Optional.of("<m1@chu.test>"), Optional.empty()).orElseThrow().id();
        Receipt delivered = new Receipt("a@chu.test", Receipt.Kind.DSN, "delivered", Optional.of("2.0.0"),
            Optional.empty(), "<dsn@chu.test>", T0.plusSeconds(1));
        Receipt failed = new Receipt("a@chu.test", Receipt.Kind.MDN, Receipt.ERROR, Optional.of("902"),
            Optional.of("Identifiant de patient inconnu"), "<mdn@chu.test>", T0.plusSeconds(2));

        assertThat(store.addReceipt(id, delivered)).isTrue();
        assertThat(store.addReceipt(id, failed)).isTrue();
        assertThat(store.addReceipt(id, delivered)).isFalse();

        assertThat(store.receiptsOf(id)).containsExactly(delivered, failed);
    }
}
