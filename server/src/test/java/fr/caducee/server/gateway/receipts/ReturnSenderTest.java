package fr.caducee.server.gateway.receipts;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.message.Acknowledgements;
import fr.caducee.testkit.HospitalReceiver;
import fr.caducee.testkit.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class ReturnSenderTest {
    static final String HOSPITAL = "sih@chu-exemple.caducee.test";
    static final String OTHER = "dpi@ch-autre.caducee.test";
    static final ReturnSender.Backoff BACKOFF = new ReturnSender.Backoff(Duration.ofSeconds(30), Duration.ofMinutes(10));

    static ReturnsDatabase database;
    JdbcReturnQueue queue;
    HospitalReceiver receiver;
    final Map<String, InetSocketAddress> addresses = new HashMap<>();
    final MutableClock clock = new MutableClock(Instant.parse("2027-01-10T09:00:00Z"));

    @BeforeAll
    static void startPostgresql() throws Exception {
        database = ReturnsDatabase.start("returns");
    }

    @AfterAll
    static void stopPostgresql() throws Exception {
        database.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        database.empty();
        queue = new JdbcReturnQueue(database.dataSource);
        receiver = HospitalReceiver.plain();
        addresses.put(HOSPITAL, InetSocketAddress.createUnresolved("localhost", receiver.port()));
    }

    @AfterEach
    void closeReceiver() throws Exception {
        receiver.close();
    }

    private ReturnSender sender() {
        ReceiptForwarder nothingToForward = new ReceiptForwarder(database.dataSource, queue, null, clock);
        return new ReturnSender(queue, nothingToForward, peer -> Optional.ofNullable(addresses.get(peer)),
            TlsReturnLink.plain(), new Acknowledgements(), BACKOFF, clock);
    }

    @Test
    void aReceiptAnsweredAaIsSentOnceAndKeptAsAnswered() throws Exception {
        queue("refused:<gw.1@caducee.test>", "Z02");

        assertThat(sender().sendDue()).isEqualTo(1);
        assertThat(sender().sendDue()).isZero();

        assertThat(receiver.received()).singleElement().satisfies(message -> {
            assertThat(message.type()).isEqualTo("ZAM^Z02^ZAM_Z01");
            assertThat(message.field("MSH", 10)).isEqualTo("ZAM1");
        });
        assertThat(database.returned()).singleElement().satisfies(row -> {
            assertThat(row.ackedAt()).contains(clock.instant());
            assertThat(row.attempts()).isEqualTo(1);
        });
    }

    @Test
    void anAeAnswerKeepsTheReceiptWithItsErrorForALaterAttempt() throws Exception {
        receiver.answer("AE");
        queue("receipt:7", "Z03");

        sender().sendDue();

        assertThat(database.returned()).singleElement().satisfies(row -> {
            assertThat(row.ackedAt()).isEmpty();
            assertThat(row.attempts()).isEqualTo(1);
            assertThat(row.nextAttempt()).isEqualTo(clock.instant().plusSeconds(30));
            assertThat(row.lastError()).hasValueSatisfying(error -> assertThat(error).startsWith("answered AE"));
        });
        assertThat(sender().sendDue()).as("not due before its delay").isZero();
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void aReceiverDownDelaysEveryReceiptOfItsHospitalThenTakesThemWhenBack() throws Exception {
        queue("receipt:1", "Z01");
        queue("receipt:2", "Z02");
        receiver.stop();

        sender().sendDue();
        clock.advance(Duration.ofSeconds(30));
        sender().sendDue();

        assertThat(database.returned()).allSatisfy(row -> {
            assertThat(row.attempts()).isEqualTo(2);
            assertThat(row.nextAttempt()).as("30 s, then 60 s").isEqualTo(clock.instant().plusSeconds(60));
            assertThat(row.lastError()).hasValueSatisfying(error -> assertThat(error).contains("localhost:"));
        });

        receiver.start();
        clock.advance(Duration.ofSeconds(60));
        assertThat(sender().sendDue()).isEqualTo(2);
        assertThat(receiver.received()).extracting(HospitalReceiver.Received::type)
            .containsExactly("ZAM^Z01^ZAM_Z01", "ZAM^Z02^ZAM_Z01");
    }

    @Test
    void aHospitalWithoutReturnAddressKeepsItsReceiptsListedForTheOperator() throws Exception {
        queue(OTHER, "receipt:3", "Z02");

        assertThat(sender().sendDue()).isZero();

        assertThat(queue.pending()).singleElement().satisfies(pending -> {
            assertThat(pending.peerBox()).isEqualTo(OTHER);
            assertThat(pending.count()).isEqualTo(1);
            assertThat(pending.lastError()).hasValueSatisfying(error -> assertThat(error).contains("no return address"));
        });
        assertThat(database.returned()).singleElement().satisfies(row -> assertThat(row.attempts()).isZero());
        assertThat(new GatewayReturnsRoutes(queue, peer -> Optional.ofNullable(addresses.get(peer)))
            .answer(Optional.of(OTHER))).contains("\"hospital\":\"" + OTHER + "\"").contains("\"returnAddress\":null")
            .contains("\"source\":\"receipt:3\"");
    }

    @Test
    void aStartMakesEveryReceiptStillOwedDueAtOnce() throws Exception {
        queue("receipt:4", "Z02");
        receiver.answer("AR");
        sender().sendDue();
        receiver.answer("AA");

        assertThat(queue.allDue(clock.instant())).isEqualTo(1);
        assertThat(sender().sendDue()).isEqualTo(1);
    }

    @Test
    void theDelayDoublesFromTheFirstToTheLongest() {
        assertThat(BACKOFF.delay(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(BACKOFF.delay(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(BACKOFF.delay(5)).isEqualTo(Duration.ofMinutes(8));
        assertThat(BACKOFF.delay(6)).isEqualTo(Duration.ofMinutes(10));
        assertThat(BACKOFF.delay(60)).isEqualTo(Duration.ofMinutes(10));
    }

    private int count;

    private void queue(String source, String kind) throws Exception {
        queue(HOSPITAL, source, kind);
    }

    private void queue(String peer, String source, String kind) throws Exception {
        count++;
        String zam = "MSH|^~\\&|PFI-X|Organisation-X|SIL-Y|labo|20270110090000||ZAM^" + kind + "^ZAM_Z01|ZAM" + count
            + "|P|2.6|||||FRA|UNICODE UTF-8\rEVN||20270110090000\r";
        queue.queue(BoxAddress.parse(peer), source, kind, "ZAM" + count, zam.getBytes(StandardCharsets.UTF_8), clock.instant());
    }
}
