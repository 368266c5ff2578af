package fr.caducee.server.gateway.receipts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.gateway.GatewayMessageIds.Purpose;
import fr.caducee.gateway.report.ReceiptsBack;
import fr.caducee.gateway.report.ZamOrigin;

/**
 * Turns the receipts recorded on hospitals' APP boxes (DSNs, MDNs, the record's answer: {@code caducee_receipt}, by
 * the receipts code of docs/RECEIPTS.md) about the gateway's document mails ({@code gateway_mail}, joined on the
 * Message-ID the box sent) into business receipts for the hospital ({@link ReceiptZam}, queued in
 * {@code gateway_return} with the source {@code receipt:<receipt_id>}).
 *
 * <p>Nothing is missed and nothing repeated, without a cursor of its own: each look takes the receipts that arrived
 * since the previous look (less {@link #MARGIN}, for a row written before that look and committed after it) and
 * have no ZAM yet ({@code NOT EXISTS} on the unique source). A receipt whose HL7 message is not answered yet (its
 * {@code gateway_message} row is written once every mail of it is accepted) waits, and the look goes back to it
 * until {@link #WAIT_FOR_ANSWER} after its mail (a message never answered {@code AA} gets no ZAM). After a start, the
 * first look goes back to the latest ZAM written from a receipt, less those two delays, or to the first gateway mail.
 */
public final class ReceiptForwarder {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReceiptForwarder.class);
    static final Duration MARGIN = Duration.ofMinutes(2);
    static final Duration WAIT_FOR_ANSWER = Duration.ofDays(1);

    private static final String SELECT = "SELECT r.receipt_id, r.kind, r.status, r.code, r.label, r.recipient,"
        + " r.received_at, g.peer_box, g.purpose, g.recipient_id, g.wants_delivery, g.wants_reading, g.created_at,"
        + " m.sending_app, m.sending_facility, m.receiving_app, m.receiving_facility, g.control_id"
        + " FROM caducee_receipt r"
        + " JOIN caducee_sent_message s ON s.sent_id = r.sent_id"
        + " JOIN gateway_mail g ON g.message_id = s.message_id AND g.peer_box = s.sender_box"
        + " LEFT JOIN gateway_message m ON m.peer_box = g.peer_box AND m.control_id = g.control_id"
        + " WHERE r.received_at >= ? AND g.purpose IN ('RECORD', 'PROFESSIONAL', 'PATIENT')"
        + " AND NOT EXISTS (SELECT 1 FROM gateway_return z WHERE z.source = 'receipt:' || r.receipt_id)"
        + " ORDER BY r.receipt_id";

    private final DataSource dataSource;
    private final JdbcReturnQueue queue;
    private final ReceiptsBack receiptsBack;
    private final Clock clock;
    private final Set<Long> givenUp = new HashSet<>();
    private Instant since;

    public ReceiptForwarder(DataSource dataSource, JdbcReturnQueue queue, ReceiptsBack receiptsBack, Clock clock) {
        this.dataSource = dataSource;
        this.queue = queue;
        this.receiptsBack = receiptsBack;
        this.clock = clock;
    }

    /**
     * One look: the receipts that arrived since the previous one, each queued as a ZAM once.
     *
     * @return how many ZAMs were queued
     */
    public synchronized int forward() throws SQLException, DependencyUnavailableException {
        Instant start = clock.instant();
        if (since == null) {
            since = startingPoint(start);
        }
        Instant waiting = null;
        int queued = 0;
        try (Connection connection = dataSource.getConnection()) {
            // A first look after a long time may read many rows: they are fetched in batches, in one read-only
            // transaction (the driver only streams inside one).
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                select.setFetchSize(500);
                select.setTimestamp(1, Timestamp.from(since));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Row row = Row.of(rows);
                        if (row.origin().isEmpty()) {
                            if (row.mailCreated().isAfter(start.minus(WAIT_FOR_ANSWER))) {
                                waiting = waiting == null || row.receivedAt().isBefore(waiting) ? row.receivedAt() : waiting;
                            } else if (givenUp.size() < 10_000 && givenUp.add(row.receiptId())) {
                                // Logged once each (the look moves past them; the bound keeps the memory small).
                                LOGGER.warn("Receipt {} is about a mail of {}'s message {}, which was never answered AA: "
                                    + "no business receipt is sent for it", row.receiptId(), row.peerBox(), row.controlId());
                            }
                            continue;
                        }
                        if (forward(row)) {
                            queued++;
                        }
                    }
                }
            } finally {
                connection.rollback();
            }
        }
        Instant next = start.minus(MARGIN);
        since = waiting != null && waiting.isBefore(next) ? waiting : next;
        return queued;
    }

    private boolean forward(Row row) throws DependencyUnavailableException {
        Optional<ReceiptZam> zam = ReceiptZam.of(row.purpose(), row.kind(), row.status(), row.code(), row.label(),
            row.wantsDelivery(), row.wantsReading());
        if (zam.isEmpty()) {
            return false;
        }
        BoxAddress peer = BoxAddress.parse(row.peerBox());
        String source = "receipt:" + row.receiptId();
        switch (zam.get().kind()) {
            case ReceiptsBack.RECORD -> receiptsBack.record(peer, source, row.origin().get(), row.receivedAt(),
                zam.get().error());
            case ReceiptsBack.DELIVERY -> receiptsBack.delivery(peer, source, row.origin().get(), row.receivedAt(),
                row.recipient(), row.recipientId(), zam.get().error());
            default -> receiptsBack.reading(peer, source, row.origin().get(), row.receivedAt(), row.recipient(),
                row.recipientId(), zam.get().error());
        }
        LOGGER.info("ZAM^{} queued for {} about its message {} ({} {} from {}{})", zam.get().kind(), row.peerBox(),
            row.controlId(), row.kind(), row.status(), row.recipient(), zam.get().error().map(e -> ": " + e).orElse(""));
        return true;
    }

    private Instant startingPoint(Instant now) throws SQLException {
        Optional<Instant> latest = queue.latestForwarded();
        if (latest.isPresent()) {
            return latest.get().minus(WAIT_FOR_ANSWER).minus(MARGIN);
        }
        return queue.firstGatewayMail().map(first -> first.minus(MARGIN)).orElse(now.minus(MARGIN));
    }

    private record Row(long receiptId, String kind, String status, Optional<String> code, Optional<String> label,
                       String recipient, Instant receivedAt, String peerBox, Purpose purpose,
                       Optional<String> recipientId, boolean wantsDelivery, boolean wantsReading, Instant mailCreated,
                       Optional<ZamOrigin> origin, String controlId) {
        static Row of(ResultSet rows) throws SQLException {
            String controlId = rows.getString(18);
            Optional<ZamOrigin> origin = rows.getString(14) == null ? Optional.empty()
                : Optional.of(new ZamOrigin(rows.getString(14), rows.getString(15), rows.getString(16),
                    rows.getString(17), controlId));
            return new Row(rows.getLong(1), rows.getString(2), rows.getString(3), Optional.ofNullable(rows.getString(4)),
                Optional.ofNullable(rows.getString(5)), rows.getString(6), rows.getTimestamp(7).toInstant(),
                rows.getString(8), Purpose.valueOf(rows.getString(9)), Optional.ofNullable(rows.getString(10)),
                rows.getBoolean(11), rows.getBoolean(12), rows.getTimestamp(13).toInstant(), origin, controlId);
        }
    }
}
