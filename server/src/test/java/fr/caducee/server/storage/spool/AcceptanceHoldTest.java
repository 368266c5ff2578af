package fr.caducee.server.storage.spool;

import static org.apache.james.queue.api.Mails.defaultMail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.rules.smtp.AcceptanceSpool;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A message held at SMTP acceptance, on a real PostgreSQL: invisible to delivery until released, settled at start. */
class AcceptanceHoldTest {
    @RegisterExtension
    static final SpoolDatabase DATABASE = new SpoolDatabase();

    private PostgresMailQueueFactory factory;
    private PostgresMailQueue queue;

    @BeforeEach
    void setUp() throws Exception {
        factory = DATABASE.emptyFactory();
        queue = factory.createQueue(SpoolDatabase.freshQueueName("hold"));
    }

    @AfterEach
    void tearDown() {
        factory.stop();
    }

    @Test
    void aHeldMessageIsNotDeliveredNorListedUntilReleased() throws Exception {
        AcceptanceSpool.Held held = queue.hold(defaultMail().name("being-recorded").build());

        assertThat(next(queue)).isEmpty();
        assertThat(queue.getSize()).isZero();
        assertThat(queue.browse().hasNext()).isFalse();

        held.release();

        assertThat(next(queue)).hasValueSatisfying(item ->
            assertThat(item.getMail().getName()).isEqualTo("being-recorded"));
    }

    @Test
    void aWithdrawnMessageLeavesNothingInTheSpool() throws Exception {
        queue.hold(defaultMail().name("not-recorded").build()).withdraw();

        assertThat(rows()).isZero();
    }

    @Test
    void aHeldMessageCannotBeReleasedTwice() throws Exception {
        AcceptanceSpool.Held held = queue.hold(defaultMail().name("once").build());
        held.release();

        assertThatThrownBy(held::release).isInstanceOf(MailQueue.MailQueueException.class);
    }

    @Test
    void atTheNextStartAHeldMessageTheTrailRecordedIsDeliveredAndOneItDidNotIsWithdrawn() throws Exception {
        queue.hold(defaultMail().name("recorded-before-the-kill").build());
        queue.hold(defaultMail().name("killed-before-its-record").build());
        factory.stop();

        PostgresMailQueueFactory restarted = new PostgresMailQueueFactory(DATABASE.dataSource(),
            new RawMailQueueItemDecoratorFactory(), (names, since) -> {
                assertThat(names).containsExactlyInAnyOrder("recorded-before-the-kill", "killed-before-its-record");
                return Set.of("recorded-before-the-kill");
            });
        try {
            PostgresMailQueue again = restarted.createQueue(queue.getName());
            assertThat(next(again)).hasValueSatisfying(item ->
                assertThat(item.getMail().getName()).isEqualTo("recorded-before-the-kill"));
            assertThat(rows()).as("the one being delivered, claimed").isEqualTo(1);
        } finally {
            restarted.stop();
        }
    }

    @Test
    void aMessageThisServerHoldsIsLeftToItsSessionByAnotherQueueOfTheSameServer() throws Exception {
        AcceptanceSpool.Held held = queue.hold(defaultMail().name("mine").build());

        assertThat(next(factory.createQueue(queue.getName()))).isEmpty();
        held.release();
        assertThat(next(queue)).isPresent();
    }

    private static Optional<MailQueue.MailQueueItem> next(PostgresMailQueue queue) {
        return Flux.from(queue.deQueue()).next().timeout(Duration.ofSeconds(2), Mono.empty()).blockOptional();
    }

    private static long rows() throws Exception {
        try (var connection = DATABASE.dataSource().getConnection();
             var count = connection.prepareStatement("SELECT count(*) FROM caducee_spool");
             var row = count.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
