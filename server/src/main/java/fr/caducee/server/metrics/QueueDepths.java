package fr.caducee.server.metrics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;

/**
 * {@code caducee_queue_messages} and {@code caducee_queue_oldest_seconds}: the mails in each of James's queues
 * (the {@code spool} between SMTP and the mailets, {@code outgoing} for remote delivery), by state ({@code ready}:
 * due, waiting for a thread; {@code deferred}: waiting for a retry or a delayed time; {@code processing}: claimed;
 * {@code held}: held by the operator, {@code caducee queue hold}; {@code accepting}: accepted, its record not yet
 * written), read from the {@code caducee_spool} table in one query and
 * kept {@value #CACHE_SECONDS} s, so that scrapes never hammer the database. When the database cannot answer, the
 * families are left out and {@code caducee_queue_query_failed} says 1.
 */
public final class QueueDepths extends Collector {
    private static final Logger LOGGER = LoggerFactory.getLogger(QueueDepths.class);
    static final long CACHE_SECONDS = 5;
    /** James's two queues, given even when empty, so that a graph shows 0 rather than nothing. */
    static final List<String> KNOWN_QUEUES = List.of("spool", "outgoing");
    static final List<String> STATES = List.of("accepting", "held", "ready", "deferred", "processing");
    static final String QUERY = "SELECT queue_name,"
        + " count(*) FILTER (WHERE awaiting_record),"
        + " count(*) FILTER (WHERE NOT awaiting_record AND on_hold AND claimed_by IS NULL),"
        + " count(*) FILTER (WHERE NOT awaiting_record AND NOT on_hold AND claimed_by IS NULL AND next_delivery <= now()),"
        + " count(*) FILTER (WHERE NOT awaiting_record AND NOT on_hold AND claimed_by IS NULL AND next_delivery > now()),"
        + " count(*) FILTER (WHERE NOT awaiting_record AND claimed_by IS NOT NULL),"
        + " EXTRACT(EPOCH FROM now() - min(created))"
        + " FROM caducee_spool GROUP BY queue_name";

    private final DataSource database;
    private final Clock clock;
    private final Duration freshness;
    private List<MetricFamilySamples> cached = List.of();
    private Instant readAt = Instant.MIN;

    @Inject
    public QueueDepths(DataSource database) {
        this(database, Clock.systemUTC(), Duration.ofSeconds(CACHE_SECONDS));
    }

    QueueDepths(DataSource database, Clock clock, Duration freshness) {
        this.database = database;
        this.clock = clock;
        this.freshness = freshness;
    }

    @Override
    public synchronized List<MetricFamilySamples> collect() {
        Instant now = clock.instant();
        if (now.isBefore(readAt.plus(freshness))) {
            return cached;
        }
        cached = read();
        readAt = now;
        return cached;
    }

    private List<MetricFamilySamples> read() {
        GaugeMetricFamily messages = new GaugeMetricFamily("caducee_queue_messages",
            "Mails in each queue (spool, outgoing) by state: ready, deferred, processing, held (by the operator), accepting", List.of("queue", "state"));
        GaugeMetricFamily oldest = new GaugeMetricFamily("caducee_queue_oldest_seconds",
            "Age of the oldest mail in each queue, seconds", List.of("queue"));
        GaugeMetricFamily failed = new GaugeMetricFamily("caducee_queue_query_failed",
            "1 when the queues could not be read from the database at the last scrape", List.of());
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement(QUERY)) {
            statement.setQueryTimeout(2);
            Set<String> seen = new HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String queue = rows.getString(1);
                    seen.add(queue);
                    for (int state = 0; state < STATES.size(); state++) {
                        messages.addMetric(List.of(queue, STATES.get(state)), rows.getLong(state + 2));
                    }
                    oldest.addMetric(List.of(queue), rows.getDouble(STATES.size() + 2));
                }
            }
            for (String queue : KNOWN_QUEUES) {
                if (!seen.contains(queue)) {
                    STATES.forEach(state -> messages.addMetric(List.of(queue, state), 0));
                    oldest.addMetric(List.of(queue), 0);
                }
            }
            failed.addMetric(List.of(), 0);
        } catch (SQLException e) {
            LOGGER.warn("Queue depths not read from the database: {}", e.getMessage());
            failed.addMetric(List.of(), 1);
            return List.of(failed);
        }
        return List.of(messages, oldest, failed);
    }
}
