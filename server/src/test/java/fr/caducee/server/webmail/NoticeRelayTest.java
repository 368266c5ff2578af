package fr.caducee.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;
import fr.caducee.server.storage.SchemaMigrations;
import fr.caducee.server.storage.TestDatabase;

/**
 * From a mail delivered to a patient's box to the notice the relay is handed, on a real PostgreSQL with the relay
 * faked: what the notice says (and never says), who is told, the audit record, retries and giving up.
 */
class NoticeRelayTest {
    static final String PATIENT = "146026322000196@patient.caducee.localhost";
    static final String CHILD = "114067511203155@patient.caducee.localhost";
    static final String PERSONAL = "avis.famille@exemple.fr";
    static final String DOCTOR = "dr.martin@caducee.localhost";
    static final String RECORD_BOX = "dmp@caducee.localhost";
    static final String SUBJECT = "XDM/1.0/DDM+Compte rendu de coloscopie DURAND Paul 19460214";
    static final String TEXT = "Biopsie du côlon : adénocarcinome, à revoir en consultation d'oncologie";
    static final String ORIGIN = "https://messagerie.caducee.localhost";
    static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");

    @RegisterExtension
    static final TestDatabase database = new TestDatabase(4);
    static NoticeQueue queue;

    final FakeRelay transport = new FakeRelay();
    final List<AuditRecord> trail = Collections.synchronizedList(new ArrayList<>());
    final MovableClock clock = new MovableClock(T0);
    NoticeRelay relay;
    NoticeOnDelivery mailet;

    @BeforeAll
    static void schema() {
        SchemaMigrations.apply(database.dataSource());
        queue = new NoticeQueue(database.dataSource());
    }

    @BeforeEach
    void relay() throws Exception {
        database.execute("DELETE FROM webmail_notice; DELETE FROM webmail_account");
        database.execute("INSERT INTO webmail_account (patient, notify_address) VALUES ('" + PATIENT + "', '"
            + PERSONAL + "'), ('" + CHILD + "', NULL)");
        relay = new NoticeRelay(settings(true), queue, transport, trail::add, clock);
        mailet = new NoticeOnDelivery(relay, RECORD_BOX);
    }

    static NoticeSettings settings(boolean on) {
        return new NoticeSettings(on ? Optional.of(new NoticeSettings.Relay("relais.example", 587)) : Optional.empty(),
            true, Optional.empty(), "ne-pas-repondre@caducee.localhost", ORIGIN);
    }

    @Test
    void theNoticeSaysSomethingIsWaitingAndNothingOfTheMessage() throws Exception {
        mailet.service(delivered(DOCTOR, PATIENT, CHILD));
        assertThat(relay.sendDue()).isEqualTo(1);

        assertThat(transport.sent).hasSize(1);
        FakeRelay.Sent notice = transport.sent.get(0);
        assertThat(notice.to()).isEqualTo(PERSONAL);
        List<String> lines = notice.decodedLines();
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line)
            .doesNotContainIgnoringCase("DURAND").doesNotContainIgnoringCase("coloscopie")
            .doesNotContainIgnoringCase("XDM").doesNotContainIgnoringCase("martin")
            .doesNotContainIgnoringCase("biopsie").doesNotContainIgnoringCase("oncologie")
            .doesNotContain("146026322000196").doesNotContain("114067511203155"));
        assertThat(String.join("\n", lines)).contains("Subject: " + NoticeMessage.SUBJECT)
            .contains("From: ne-pas-repondre@caducee.localhost").contains("To: " + PERSONAL)
            .contains("Auto-Submitted: auto-generated").contains(ORIGIN + "/")
            .contains("Un nouveau message ou un nouveau document vous attend");
    }

    @Test
    void eachNoticeSentIsAuditedWithThePatientAsLoginNeverThePersonalAddress() throws Exception {
        mailet.service(delivered(DOCTOR, PATIENT));
        relay.sendDue();

        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.WEBMAIL_ACTION);
            assertThat(record.rule()).isEqualTo("webmail-notice-sent");
            assertThat(record.login()).isEqualTo(PATIENT);
            assertThat(record.via()).isEqualTo("webmail");
            assertThat(record.messageId()).isEqualTo(transport.sent.get(0).message().getMessageID());
            assertThat(record.toString()).doesNotContain(PERSONAL).doesNotContain("exemple.fr");
        });
        assertThat(database.count("SELECT count(*) FROM webmail_notice WHERE sent_at IS NOT NULL")).isEqualTo(1);
    }

    @Test
    void aBurstOfMessagesIsToldByOneNoticeAndTheNextWaitsTheSpacing() throws Exception {
        for (int i = 0; i < 5; i++) {
            mailet.service(delivered(DOCTOR, PATIENT));
        }
        relay.sendDue();
        assertThat(transport.sent).hasSize(1);

        clock.advance(Duration.ofMinutes(1));
        mailet.service(delivered(DOCTOR, PATIENT));
        relay.sendDue();
        assertThat(transport.sent).hasSize(1);

        clock.advance(NoticeRelay.SPACING);
        relay.sendDue();
        assertThat(transport.sent).hasSize(2);
    }

    @Test
    void theRecordsNoticeOfADocumentIsToldAsADocument() throws Exception {
        mailet.service(delivered(RECORD_BOX, PATIENT));

        assertThat(database.text("SELECT kind FROM webmail_notice")).isEqualTo("document");
        relay.sendDue();
        assertThat(trail).singleElement().satisfies(record -> assertThat(record.reason()).contains("new document"));
    }

    @Test
    void professionalsAndPatientsWithoutAddressAreNotTold() throws Exception {
        mailet.service(delivered(PATIENT, DOCTOR, CHILD));

        assertThat(database.count("SELECT count(*) FROM webmail_notice")).isZero();
        assertThat(relay.sendDue()).isZero();
        assertThat(transport.sent).isEmpty();
    }

    @Test
    void withTheRelayOffNothingIsWritten() throws Exception {
        relay = new NoticeRelay(settings(false), queue, null, trail::add, clock);
        new NoticeOnDelivery(relay, RECORD_BOX).service(delivered(DOCTOR, PATIENT));

        assertThat(database.count("SELECT count(*) FROM webmail_notice")).isZero();
    }

    @Test
    void aFailedSendIsTriedAgainLaterAndGivenUpAfterADay() throws Exception {
        mailet.service(delivered(DOCTOR, PATIENT));
        transport.failing = true;

        relay.sendDue();
        assertThat(database.text("SELECT last_error FROM webmail_notice")).contains("relay down");
        clock.advance(Duration.ofSeconds(59));
        relay.sendDue();
        assertThat(transport.attempts).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        relay.sendDue();
        assertThat(transport.attempts).isEqualTo(2);

        clock.advance(Duration.ofDays(1));
        relay.sendDue();
        assertThat(database.count("SELECT count(*) FROM webmail_notice WHERE given_up IS NOT NULL")).isEqualTo(1);
        transport.failing = false;
        clock.advance(Duration.ofDays(1));
        relay.sendDue();
        assertThat(transport.sent).isEmpty();
        assertThat(trail).isEmpty();
    }

    @Test
    void anAddressRemovedBeforeTheNoticeLeftIsNotWrittenTo() throws Exception {
        mailet.service(delivered(DOCTOR, PATIENT));
        database.execute("UPDATE webmail_account SET notify_address = NULL");

        relay.sendDue();

        assertThat(transport.attempts).isZero();
        assertThat(database.text("SELECT last_error FROM webmail_notice WHERE given_up IS NOT NULL"))
            .contains("removed");
    }

    @Test
    void retriesBackOffFromAMinuteToAnHour() {
        assertThat(List.of(1, 2, 3, 4, 6, 7, 8, 50).stream().map(NoticeRelay::retryDelay).toList()).containsExactly(
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8),
            Duration.ofMinutes(32), Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1));
    }

    private static FakeMail delivered(String sender, String... recipients) throws Exception {
        FakeMail.Builder mail = FakeMail.builder().name("mail-" + System.nanoTime()).sender(sender)
            .state("local-delivered")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject(SUBJECT).setText(TEXT)
                .addFrom(sender).build());
        for (String recipient : recipients) {
            mail.recipient(new MailAddress(recipient));
        }
        return mail.build();
    }

    /** The relay as the notices see it: what it was handed, or a failure. */
    static final class FakeRelay implements NoticeRelay.Transport {
        record Sent(MimeMessage message, String to) {
            /** Every header and body line as a reader would see it (encoded words and quoted-printable decoded). */
            List<String> decodedLines() throws Exception {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                message.writeTo(bytes);
                List<String> lines = new ArrayList<>();
                for (String line : bytes.toString(StandardCharsets.UTF_8).split("\r\n")) {
                    lines.add(MimeUtility.decodeText(line));
                }
                lines.addAll(List.of(((String) message.getContent()).split("\r\n")));
                return lines;
            }
        }

        final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        final Session session = Session.getInstance(new Properties());
        volatile boolean failing;
        volatile int attempts;

        @Override
        public Session session() {
            return session;
        }

        @Override
        public void send(MimeMessage message, String to) throws MessagingException {
            attempts++;
            if (failing) {
                throw new MessagingException("relay down");
            }
            sent.add(new Sent(message, to));
        }
    }

    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
