package fr.caducee.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.Mockito;

import fr.caducee.server.storage.SchemaMigrations;
import fr.caducee.server.storage.TestDatabase;
import io.prometheus.client.Collector.MetricFamilySamples;

/** Queue depths read from a real PostgreSQL's spool table, as the server's spool writes it. */
class QueueDepthsTest {
    @RegisterExtension
    static final TestDatabase DATABASE = new TestDatabase(4);

    @BeforeAll
    static void schema() {
        SchemaMigrations.apply(DATABASE.dataSource());
    }

    @BeforeEach
    void empty() throws Exception {
        DATABASE.execute("DELETE FROM caducee_spool");
    }

    @Test
    void eachQueueIsCountedByStateWithTheAgeOfItsOldestMail() throws Exception {
        insert("spool", "now()", "NULL", false, "now() - interval '30 seconds'");
        insert("spool", "now()", "NULL", false, "now()");
        insert("spool", "now()", "NULL", true, "now()");
        insert("outgoing", "now() + interval '10 minutes'", "NULL", false, "now()");
        DATABASE.execute("UPDATE caducee_spool SET on_hold = true WHERE queue_name = 'outgoing'");
        insert("outgoing", "now() + interval '10 minutes'", "NULL", false, "now()");
        insert("outgoing", "now()", "gen_random_uuid()", false, "now()");

        List<MetricFamilySamples> families = new QueueDepths(DATABASE.dataSource()).collect();

        Map<String, Double> messages = samples(families, "caducee_queue_messages");
        assertThat(messages).containsEntry("spool/ready", 2.0).containsEntry("spool/accepting", 1.0)
            .containsEntry("outgoing/held", 1.0).containsEntry("spool/held", 0.0)
            .containsEntry("spool/deferred", 0.0).containsEntry("outgoing/deferred", 1.0)
            .containsEntry("outgoing/processing", 1.0).containsEntry("outgoing/ready", 0.0);
        assertThat(samples(families, "caducee_queue_oldest_seconds").get("spool")).isBetween(29.0, 60.0);
        assertThat(samples(families, "caducee_queue_query_failed")).containsEntry("", 0.0);
    }

    @Test
    void emptyQueuesAreGivenAsZero() {
        List<MetricFamilySamples> families = new QueueDepths(DATABASE.dataSource()).collect();

        assertThat(samples(families, "caducee_queue_messages")).hasSize(10).containsEntry("spool/ready", 0.0)
            .containsEntry("outgoing/deferred", 0.0);
        assertThat(samples(families, "caducee_queue_oldest_seconds")).containsEntry("spool", 0.0);
    }

    @Test
    void aScrapeWithinFiveSecondsOfTheLastOneDoesNotAskTheDatabase() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        DataSource counted = Mockito.mock(DataSource.class);
        Mockito.doAnswer(invocation -> {
            connections.incrementAndGet();
            return DATABASE.dataSource().getConnection();
        }).when(counted).getConnection();
        MovingClock clock = new MovingClock();
        QueueDepths depths = new QueueDepths(counted, clock, Duration.ofSeconds(5));

        depths.collect();
        clock.advance(Duration.ofSeconds(4));
        depths.collect();
        assertThat(connections).hasValue(1);

        clock.advance(Duration.ofSeconds(2));
        depths.collect();
        assertThat(connections).hasValue(2);
    }

    @Test
    void aDatabaseThatCannotAnswerGivesTheFailureGaugeAndNoError() throws Exception {
        DataSource down = Mockito.mock(DataSource.class);
        Mockito.when(down.getConnection()).thenThrow(new SQLException("Connection refused"));

        List<MetricFamilySamples> families = new QueueDepths(down).collect();

        assertThat(families).extracting(family -> family.name).containsExactly("caducee_queue_query_failed");
        assertThat(samples(families, "caducee_queue_query_failed")).containsEntry("", 1.0);
    }

    private static Map<String, Double> samples(List<MetricFamilySamples> families, String name) {
        return families.stream().filter(family -> family.name.equals(name)).flatMap(family -> family.samples.stream())
            .collect(Collectors.toMap(sample -> String.join("/", sample.labelValues), sample -> sample.value));
    }

    private static void insert(String queue, String nextDelivery, String claimedBy, boolean held, String created)
            throws Exception {
        try (Connection connection = DATABASE.dataSource().getConnection()) {
            connection.createStatement().execute("INSERT INTO caducee_spool (queue_name, mail_name, sender, recipients,"
                + " attributes, per_recipient_headers, message, message_size, next_delivery, claimed_by,"
                + " awaiting_record, created) VALUES ('" + queue + "', 'mail', '', ARRAY['a@b.localhost'], '{}', '{}',"
                + " 'x'::bytea, 1, " + nextDelivery + ", " + claimedBy + ", " + held + ", " + created + ")");
        }
    }

    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-12-07T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
