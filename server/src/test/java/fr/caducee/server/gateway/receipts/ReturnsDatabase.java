package fr.caducee.server.gateway.receipts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.postgresql.ds.PGSimpleDataSource;

import fr.caducee.server.storage.SchemaMigrations;
import fr.caducee.testkit.PostgresCluster;

/** A PostgreSQL database with our schema, for the receipts back to hospitals, and the rows the tests write and read. */
final class ReturnsDatabase implements AutoCloseable {
    private final PostgresCluster postgres;
    final PGSimpleDataSource dataSource;

    private ReturnsDatabase(PostgresCluster postgres, PGSimpleDataSource dataSource) {
        this.postgres = postgres;
        this.dataSource = dataSource;
    }

    static ReturnsDatabase start(String name) throws Exception {
        PostgresCluster postgres = PostgresCluster.start();
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setURL(postgres.jdbcUrl());
        admin.setUser(PostgresCluster.USER);
        admin.setPassword(PostgresCluster.PASSWORD);
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(postgres.jdbcUrl().replaceAll("/caducee$", "/" + name));
        dataSource.setUser(PostgresCluster.USER);
        dataSource.setPassword(PostgresCluster.PASSWORD);
        SchemaMigrations.apply(dataSource);
        return new ReturnsDatabase(postgres, dataSource);
    }

    void empty() throws Exception {
        execute("TRUNCATE gateway_return, gateway_mail, gateway_message, caducee_receipt, caducee_sent_message"
            + " RESTART IDENTITY CASCADE");
    }

    /** The message a hospital sent, answered AA. */
    void answered(String peerBox, String controlId, Instant at) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO gateway_message (peer_box, control_id,"
                 + " message_type, sending_app, sending_facility, receiving_app, receiving_facility, version, received_at,"
                 + " ack_code, ack, summary) VALUES (?, ?, 'ORU^R01', 'SIL-Y', 'labo', 'PFI-X', 'Organisation-X', '2.5',"
                 + " ?, 'AA', ?, 'sent')")) {
            insert.setString(1, peerBox);
            insert.setString(2, controlId);
            insert.setTimestamp(3, Timestamp.from(at));
            insert.setBytes(4, new byte[] {'M'});
            insert.executeUpdate();
        }
    }

    /** A mail of the gateway, registered and submitted. */
    void mail(String messageId, String peerBox, String controlId, String purpose, String recipient,
              Optional<String> recipientId, boolean wantsDelivery, boolean wantsReading, Instant at) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO gateway_mail (message_id, peer_box,"
                 + " control_id, purpose, recipient, recipient_id, wants_delivery, wants_reading, submitted_at, created_at)"
                 + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, messageId);
            insert.setString(2, peerBox);
            insert.setString(3, controlId);
            insert.setString(4, purpose);
            insert.setString(5, recipient);
            insert.setString(6, recipientId.orElse(null));
            insert.setBoolean(7, wantsDelivery);
            insert.setBoolean(8, wantsReading);
            insert.setTimestamp(9, Timestamp.from(at));
            insert.setTimestamp(10, Timestamp.from(at));
            insert.executeUpdate();
        }
    }

    /** A receipt queued row, as gateway_return keeps it. */
    record Returned(long id, String peerBox, String source, String controlId, String kind, String message, int attempts,
                    Instant nextAttempt, Optional<String> lastError, Optional<Instant> ackedAt) {
    }

    List<Returned> returned() throws Exception {
        List<Returned> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             Statement select = connection.createStatement();
             var result = select.executeQuery("SELECT id, peer_box, source, control_id, kind, message, attempts,"
                 + " next_attempt, last_error, acked_at FROM gateway_return ORDER BY id")) {
            while (result.next()) {
                rows.add(new Returned(result.getLong(1), result.getString(2), result.getString(3), result.getString(4),
                    result.getString(5), new String(result.getBytes(6), java.nio.charset.StandardCharsets.UTF_8),
                    result.getInt(7), result.getTimestamp(8).toInstant(), Optional.ofNullable(result.getString(9)),
                    Optional.ofNullable(result.getTimestamp(10)).map(Timestamp::toInstant)));
            }
        }
        return rows;
    }

    void execute(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() throws Exception {
        postgres.close();
    }
}
