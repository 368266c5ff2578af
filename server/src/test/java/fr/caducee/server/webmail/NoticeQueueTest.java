package fr.caducee.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.server.storage.SchemaMigrations;
import fr.caducee.server.storage.TestDatabase;

/** The notices' table on a real PostgreSQL: who gets a row, coalescing, spacing, claims, outcomes. */
class NoticeQueueTest {
    static final String PATIENT = "146026322000196@patient.caducee.localhost";
    static final String OTHER = "114067511203155@patient.caducee.localhost";
    static final Duration SPACING = Duration.ofMinutes(15);
    static final Duration LEASE = Duration.ofMinutes(10);
    static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");

    @RegisterExtension
    static final TestDatabase database = new TestDatabase(4);
    static NoticeQueue queue;

    @BeforeAll
    static void schema() {
        SchemaMigrations.apply(database.dataSource());
        queue = new NoticeQueue(database.dataSource());
    }

    @BeforeEach
    void empty() throws Exception {
        database.execute("DELETE FROM webmail_notice; DELETE FROM webmail_account");
    }

    static void address(String patient, String address) throws Exception {
        database.execute("INSERT INTO webmail_account (patient, notify_address) VALUES ('" + patient + "', "
            + (address == null ? "NULL" : "'" + address + "'") + ") ON CONFLICT (patient) DO UPDATE SET notify_address = "
            + "EXCLUDED.notify_address");
    }

    @Test
    void onlyAPatientWhoGaveAnAddressGetsANotice() throws Exception {
        address(OTHER, null);

        assertThat(queue.enqueue(PATIENT, NoticeQueue.Kind.MESSAGE, T0, SPACING)).as("no account").isFalse();
        assertThat(queue.enqueue(OTHER, NoticeQueue.Kind.MESSAGE, T0, SPACING)).as("no address").isFalse();
        address(PATIENT, "paul.durand@exemple.fr");
        assertThat(queue.enqueue(PATIENT.toUpperCase(), NoticeQueue.Kind.DOCUMENT, T0, SPACING)).isTrue();

        assertThat(database.count("SELECT count(*) FROM webmail_notice")).isEqualTo(1);
        assertThat(database.text("SELECT patient || ' ' || kind FROM webmail_notice"))
            .isEqualTo(PATIENT + " document");
    }

    @Test
    void eventsWhileANoticeWaitsAreToldByIt() throws Exception {
        address(PATIENT, "paul.durand@exemple.fr");

        assertThat(queue.enqueue(PATIENT, NoticeQueue.Kind.MESSAGE, T0, SPACING)).isTrue();
        assertThat(queue.enqueue(PATIENT, NoticeQueue.Kind.MESSAGE, T0.plusSeconds(1), SPACING)).isFalse();
        assertThat(queue.enqueue(PATIENT, NoticeQueue.Kind.DOCUMENT, T0.plusSeconds(2), SPACING)).isFalse();

        List<NoticeQueue.Due> due = queue.claimDue(T0.plusSeconds(3), LEASE, 10);
        assertThat(due).singleElement().satisfies(notice -> {
            assertThat(notice.patient()).isEqualTo(PATIENT);
            assertThat(notice.kind()).isEqualTo(NoticeQueue.Kind.MESSAGE);
            assertThat(notice.address()).contains("paul.durand@exemple.fr");
            assertThat(notice.attempts()).isEqualTo(1);
            assertThat(notice.created()).isEqualTo(T0);
        });
        assertThat(queue.enqueue(PATIENT, NoticeQueue.Kind.MESSAGE, T0.plusSeconds(4), SPACING))
            .as("claimed but not yet sent: still waiting").isFalse();
    }

    @Test
    void aPatientGetsAtMostOneNoticePerSpacing() throws Exception {
        address(PATIENT, "paul.durand@exemple.fr");
        queue.enqueue(PATIENT, NoticeQueue.Kind.MESSAGE, T0, SPACING);
        NoticeQueue.Due first = queue.claimDue(T0, LEASE, 10).get(0);
        queue.sent(first.id(), T0.plusSeconds(5));

        assertThat(queue.enqueue(PATIENT, NoticeQueue.Kind.MESSAGE, T0.plusSeconds(60), SPACING)).isTrue();

        assertThat(queue.claimDue(T0.plusSeconds(60), LEASE, 10)).isEmpty();
        assertThat(queue.claimDue(T0.plusSeconds(5).plus(SPACING).minusMillis(1), LEASE, 10)).isEmpty();
        assertThat(queue.claimDue(T0.plusSeconds(5).plus(SPACING), LEASE, 10)).hasSize(1);
    }

    @Test
    void aClaimedNoticeIsNotClaimedAgainBeforeItsLeaseEnds() throws Exception {
        address(PATIENT, "paul.durand@exemple.fr");
        address(OTHER, "lucas.parent@exemple.fr");
        queue.enqueue(PATIENT, NoticeQueue.Kind.MESSAGE, T0, SPACING);
        queue.enqueue(OTHER, NoticeQueue.Kind.MESSAGE, T0.plusSeconds(1), SPACING);

        assertThat(queue.claimDue(T0.plusSeconds(2), LEASE, 1)).extracting(NoticeQueue.Due::patient)
            .containsExactly(PATIENT);
        assertThat(queue.claimDue(T0.plusSeconds(2), LEASE, 10)).extracting(NoticeQueue.Due::patient)
            .containsExactly(OTHER);
        assertThat(queue.claimDue(T0.plusSeconds(3), LEASE, 10)).isEmpty();
        assertThat(queue.claimDue(T0.plusSeconds(2).plus(LEASE), LEASE, 10)).extracting(NoticeQueue.Due::attempts)
            .containsExactly(2, 2);
    }

    @Test
    void aRetryKeepsTheErrorAndAGivenUpNoticeNoLongerWaits() throws Exception {
        address(PATIENT, "paul.durand@exemple.fr");
        queue.enqueue(PATIENT, NoticeQueue.Kind.MESSAGE, T0, SPACING);
        long id = queue.claimDue(T0, LEASE, 10).get(0).id();

        queue.retry(id, T0.plusSeconds(60), "MailConnectException: Couldn't connect to host");
        assertThat(queue.claimDue(T0.plusSeconds(59), LEASE, 10)).isEmpty();
        assertThat(database.text("SELECT last_error FROM webmail_notice")).contains("Couldn't connect");

        queue.giveUp(queue.claimDue(T0.plusSeconds(60), LEASE, 10).get(0).id(), T0.plus(Duration.ofDays(1)), "gone");
        assertThat(queue.claimDue(T0.plus(Duration.ofDays(2)), LEASE, 10)).isEmpty();
        assertThat(queue.enqueue(PATIENT, NoticeQueue.Kind.MESSAGE, T0.plus(Duration.ofDays(1)), SPACING))
            .as("a new event writes a new notice").isTrue();
    }

    @Test
    void anAddressRemovedSinceTheEventIsSeenWhenTheNoticeIsClaimed() throws Exception {
        address(PATIENT, "paul.durand@exemple.fr");
        queue.enqueue(PATIENT, NoticeQueue.Kind.MESSAGE, T0, SPACING);
        address(PATIENT, null);

        assertThat(queue.claimDue(T0, LEASE, 10)).singleElement()
            .satisfies(notice -> assertThat(notice.address()).isEmpty());
    }

    @Test
    void oldNoticesArePurgedWaitingOnesKept() throws Exception {
        address(PATIENT, "paul.durand@exemple.fr");
        address(OTHER, "lucas.parent@exemple.fr");
        queue.enqueue(PATIENT, NoticeQueue.Kind.MESSAGE, T0, SPACING);
        queue.sent(queue.claimDue(T0, LEASE, 10).get(0).id(), T0);
        queue.enqueue(OTHER, NoticeQueue.Kind.MESSAGE, T0, SPACING);

        assertThat(queue.purge(T0.plusSeconds(1))).isEqualTo(1);
        assertThat(database.text("SELECT patient FROM webmail_notice")).isEqualTo(OTHER);
    }
}
