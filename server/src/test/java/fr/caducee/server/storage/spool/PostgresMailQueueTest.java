package fr.caducee.server.storage.spool;

import static org.apache.james.queue.api.Mails.defaultMail;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.apache.james.queue.api.DelayedManageableMailQueueContract;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** James's queue contracts (FIFO, acknowledgement, retry, delays, browse, remove, clear, flush) on a real PostgreSQL. */
class PostgresMailQueueTest implements DelayedManageableMailQueueContract {
    @RegisterExtension
    static final SpoolDatabase DATABASE = new SpoolDatabase();

    private PostgresMailQueueFactory factory;
    private PostgresMailQueue queue;

    @BeforeEach
    void setUp() throws Exception {
        factory = DATABASE.emptyFactory();
        queue = factory.createQueue(SpoolDatabase.freshQueueName("test"));
    }

    @AfterEach
    void tearDown() {
        factory.stop();
    }

    @Override
    public MailQueue getMailQueue() {
        return queue;
    }

    @Override
    public ManageableMailQueue getManageableMailQueue() {
        return queue;
    }

    @Test
    void aMailEnqueuedInACallersTransactionIsThereOnlyOnceItCommits() throws Exception {
        try (java.sql.Connection transaction = DATABASE.dataSource().getConnection()) {
            transaction.setAutoCommit(false);
            queue.enQueue(transaction, defaultMail().name("rolled-back").build());
            transaction.rollback();
            assertThat(queue.getSize()).isZero();

            queue.enQueue(transaction, defaultMail().name("committed").build());
            assertThat(queue.getSize()).as("not visible before the commit").isZero();
            transaction.commit();
        }
        queue.wakeWorkers();

        MailQueue.MailQueueItem taken = Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(10));
        assertThat(taken.getMail().getName()).isEqualTo("committed");
    }

    @Test
    void aMailClaimedByAServerThatDiedIsQueuedAgainAtTheNextStart() throws Exception {
        queue.enQueue(defaultMail().name("taken-when-killed").build());
        MailQueue.MailQueueItem taken = Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(10));
        assertThat(taken.getMail().getName()).isEqualTo("taken-when-killed");
        factory.stop();

        PostgresMailQueueFactory restarted = new PostgresMailQueueFactory(DATABASE.dataSource(),
            new RawMailQueueItemDecoratorFactory());
        try {
            MailQueue.MailQueueItem again = Flux.from(restarted.createQueue(queue.getName()).deQueue())
                .blockFirst(Duration.ofSeconds(10));
            assertThat(again.getMail().getName()).isEqualTo("taken-when-killed");
        } finally {
            restarted.stop();
        }
    }

    @Test
    void aMailClaimedByThisServerIsNotTakenAgainBeforeItIsDone() throws Exception {
        queue.enQueue(defaultMail().name("in-progress").build());
        Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(10));

        PostgresMailQueueFactory sameServer = factory;
        assertThat(Flux.from(sameServer.createQueue(queue.getName()).deQueue()).next()
            .timeout(Duration.ofSeconds(2), Mono.empty()).blockOptional()).isEmpty();
    }

    @Test
    void aMailTheSpoolerRejectsIsKeptAndTriedAgainLaterNotDropped() throws Exception {
        queue.enQueue(defaultMail().name("undeliverable-for-now").build());
        MailQueue.MailQueueItem taken = Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(10));
        Instant rejectedAt = Instant.now();

        // What James's spooler answers when a full disk fails the delivery, the requeue and the error repository.
        taken.done(MailQueue.MailQueueItem.CompletionStatus.REJECT);

        assertThat(queue.getSize()).isEqualTo(1);
        ManageableMailQueue.MailQueueItemView kept = queue.browse().next();
        assertThat(kept.getMail().getName()).isEqualTo("undeliverable-for-now");
        assertThat(kept.getNextDelivery()).hasValueSatisfying(due -> assertThat(due.toInstant())
            .isAfter(rejectedAt.plus(PostgresMailQueue.REJECTED_RETRY_DELAY).minusSeconds(2)));
        assertThat(Flux.from(queue.deQueue()).next().timeout(Duration.ofSeconds(2), Mono.empty()).blockOptional())
            .isEmpty();
    }

    @Test
    void severalWorkersTakeDifferentMails() throws Exception {
        for (int i = 0; i < 50; i++) {
            queue.enQueue(defaultMail().name("mail-" + i).build());
        }

        var names = Flux.merge(Flux.from(queue.deQueue()).take(25), Flux.from(queue.deQueue()).take(25))
            .doOnNext(item -> {
                try {
                    item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
                } catch (MailQueue.MailQueueException e) {
                    throw new IllegalStateException(e);
                }
            })
            .map(item -> item.getMail().getName())
            .collectList()
            .block(Duration.ofSeconds(30));

        assertThat(names).hasSize(50).doesNotHaveDuplicates();
        assertThat(queue.getSize()).isZero();
    }
}
