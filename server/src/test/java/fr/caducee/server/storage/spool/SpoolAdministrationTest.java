package fr.caducee.server.storage.spool;

import static org.apache.james.queue.api.Mails.defaultMail;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.server.storage.spool.SpoolAdministration.Selection;
import fr.caducee.server.storage.spool.SpoolAdministration.Touched;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The operator's hold, release, flush, delete and listing of queued mails, on a real PostgreSQL. */
class SpoolAdministrationTest {
    @RegisterExtension
    static final SpoolDatabase DATABASE = new SpoolDatabase();

    private PostgresMailQueueFactory factory;
    private PostgresMailQueue outgoing;
    private SpoolAdministration administration;

    @BeforeEach
    void setUp() throws Exception {
        factory = DATABASE.emptyFactory();
        factory.createQueue(MailQueueName.of("spool"));
        outgoing = factory.createQueue(MailQueueName.of("outgoing"));
        administration = new SpoolAdministration(DATABASE.dataSource(), factory);
    }

    @AfterEach
    void tearDown() {
        factory.stop();
    }

    @Test
    void aMailIsListedWithItsEnvelopeAttemptsNextAttemptAndTheFirstLineOfItsError() throws Exception {
        Mail mail = defaultMail().name("waiting").sender("dr.a@caducee.localhost")
            .recipient("dr.b@operateur.localhost").build();
        mail.setState(Mail.ERROR);
        mail.setErrorMessage("Exception calling RemoteDelivery: connection refused\n\tat some.Frame(Frame.java:1)");
        mail.setAttribute(new Attribute(org.apache.mailet.AttributeName.of(SpoolAdministration.ATTEMPTS_ATTRIBUTE),
            AttributeValue.of(2)));
        outgoing.enQueue(mail, Duration.ofHours(1));

        assertThat(administration.list(Optional.empty(), 100)).singleElement().satisfies(listed -> {
            assertThat(listed.queue()).isEqualTo("outgoing");
            assertThat(listed.name()).isEqualTo("waiting");
            assertThat(listed.sender()).isEqualTo("dr.a@caducee.localhost");
            assertThat(listed.recipients()).contains("dr.b@operateur.localhost");
            assertThat(listed.attempts()).isEqualTo(2);
            assertThat(listed.nextAttempt()).isAfter(listed.queued().plus(Duration.ofMinutes(59)));
            assertThat(listed.lastError()).contains("Exception calling RemoteDelivery: connection refused");
            assertThat(listed.held()).isFalse();
            assertThat(listed.size()).isPositive();
        });
        assertThat(administration.list(Optional.of("spool"), 100)).isEmpty();
    }

    @Test
    void aHeldMailIsNeitherTakenNorFlushedUntilReleased() throws Exception {
        outgoing.enQueue(defaultMail().name("held").build());

        assertThat(administration.hold(Selection.mail("held"))).containsExactly(new Touched("outgoing", "held"));
        assertThat(administration.flush(Selection.everything())).isEmpty();
        assertThat(next(Duration.ofSeconds(2))).isEmpty();
        assertThat(administration.list(Optional.empty(), 10)).singleElement()
            .satisfies(listed -> assertThat(listed.held()).isTrue());

        assertThat(administration.release(Selection.mail("held"))).containsExactly(new Touched("outgoing", "held"));

        assertThat(next(Duration.ofSeconds(10))).hasValueSatisfying(item ->
            assertThat(item.getMail().getName()).isEqualTo("held"));
    }

    @Test
    void aRetryOfAMailHeldWhileItWasBeingAttemptedStaysHeld() throws Exception {
        outgoing.enQueue(defaultMail().name("attempted").build());
        MailQueue.MailQueueItem attempt = next(Duration.ofSeconds(10)).orElseThrow();

        administration.hold(Selection.mail("attempted"));
        // RemoteDelivery's temporary failure: the mail enqueued again, the attempt done.
        outgoing.enQueue(attempt.getMail());
        attempt.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);

        assertThat(administration.list(Optional.empty(), 10)).singleElement()
            .satisfies(listed -> assertThat(listed.held()).isTrue());
        assertThat(next(Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void aFlushMakesADelayedMailDueNow() throws Exception {
        outgoing.enQueue(defaultMail().name("later").build(), Duration.ofHours(2));
        assertThat(next(Duration.ofSeconds(2))).isEmpty();

        assertThat(administration.flush(Selection.everything().in("outgoing")))
            .containsExactly(new Touched("outgoing", "later"));

        assertThat(next(Duration.ofSeconds(10))).isPresent();
    }

    @Test
    void aDeleteBySenderRemovesThatSendersMailsOnlyWhateverTheCase() throws Exception {
        outgoing.enQueue(defaultMail().name("one").sender("dr.x@caducee.localhost").build(), Duration.ofHours(1));
        outgoing.enQueue(defaultMail().name("two").sender("dr.x@caducee.localhost").build(), Duration.ofHours(1));
        outgoing.enQueue(defaultMail().name("other").sender("dr.y@caducee.localhost").build(), Duration.ofHours(1));

        assertThat(administration.delete(Selection.sender("DR.X@caducee.localhost")))
            .extracting(Touched::name).containsExactlyInAnyOrder("one", "two");

        assertThat(administration.list(Optional.empty(), 10)).extracting(SpoolAdministration.QueuedMail::name)
            .containsExactly("other");
    }

    @Test
    void aDeleteByRecipientFindsTheMailAmongItsRecipients() throws Exception {
        outgoing.enQueue(defaultMail().name("for-b").recipients(new MailAddress("a@x.localhost"),
            new MailAddress("b@y.localhost")).build(), Duration.ofHours(1));

        assertThat(administration.delete(Selection.recipient("b@y.localhost"))).extracting(Touched::name)
            .containsExactly("for-b");
    }

    @Test
    void aMailBeingAcceptedIsNeitherListedNorTouched() throws Exception {
        factory.createQueue(MailQueueName.of("spool")).hold(defaultMail().name("being-recorded").build());

        assertThat(administration.list(Optional.empty(), 10)).isEmpty();
        assertThat(administration.delete(Selection.everything())).isEmpty();
        assertThat(administration.mail("being-recorded", false)).isEmpty();
    }

    @Test
    void aMailIsShownWithItsHeaderFieldsAndItsMessageWhenAsked() throws Exception {
        outgoing.enQueue(defaultMail().name("shown").build(), Duration.ofHours(1));

        SpoolAdministration.MailDetails details = administration.mail("shown", true).orElseThrow();
        assertThat(details.mail().name()).isEqualTo("shown");
        assertThat(details.headers()).isNotEmpty();
        assertThat(details.message()).isPresent();
        assertThat(administration.mail("shown", false).orElseThrow().message()).isEmpty();
    }

    @Test
    void theFirstLineOfAnErrorIsWhatTheOperatorReads() {
        assertThat(SpoolAdministration.firstLine("  Exception calling X: boom\n\tat a.B(B.java:1)\n")).contains(
            "Exception calling X: boom");
        assertThat(SpoolAdministration.firstLine(" ")).isEmpty();
        assertThat(SpoolAdministration.firstLine(null)).isEmpty();
    }

    private Optional<MailQueue.MailQueueItem> next(Duration wait) {
        return Flux.from(outgoing.deQueue()).next().timeout(wait, Mono.empty()).blockOptional();
    }
}
