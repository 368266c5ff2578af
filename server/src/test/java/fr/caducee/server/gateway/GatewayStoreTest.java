package fr.caducee.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.gateway.GatewayMessageIds;
import fr.caducee.gateway.message.Header;
import fr.caducee.gateway.port.Answers;
import fr.caducee.gateway.port.PlannedMail;
import fr.caducee.gateway.port.SubmissionResult;
import fr.caducee.rules.Rule;
import fr.caducee.server.storage.SchemaMigrations;
import fr.caducee.server.storage.TestDatabase;
import fr.caducee.server.submission.LoopbackSubmission;
import fr.caducee.server.submission.OwnCertificate;
import fr.caducee.server.submission.SingleUseTickets;
import fr.caducee.server.submission.StubSubmission;
import fr.caducee.trust.pki.DevPki;

/**
 * What the gateway keeps in PostgreSQL (migration V11) and how it submits: the answers by MSH-10, the mails
 * registered before they are submitted and not submitted twice, and the spool's first mailet letting only the first
 * copy of a mail through; against a real PostgreSQL and a stand-in of the submission listener.
 */
class GatewayStoreTest {
    static final BoxAddress SIH = BoxAddress.parse("sih@chu.localhost");
    static final String GP = "dr.martin@chu.localhost";
    static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    @RegisterExtension
    static final TestDatabase DATABASE = new TestDatabase(4);
    @TempDir
    static Path folder;
    static DevPki pki;

    final SingleUseTickets tickets = new SingleUseTickets();
    final List<AuditRecord> trail = new ArrayList<>();
    GatewayMails mails;
    StubSubmission stub;
    LoopbackSubmission submission;
    GatewayOutbox outbox;

    @BeforeAll
    static void schemaAndPki() throws Exception {
        SchemaMigrations.apply(DATABASE.dataSource());
        pki = DevPki.ensure(folder.resolve("pki"), List.of("localhost"));
    }

    @BeforeEach
    void emptyTablesAndAListener() throws Exception {
        DATABASE.execute("TRUNCATE gateway_mail, gateway_message, caducee_mailbox, caducee_message CASCADE");
        mails = new GatewayMails(DATABASE.dataSource());
        stub = new StubSubmission(pki.serverKeystore(), pki.secret(), tickets);
        submission = new LoopbackSubmission(() -> Optional.of(stub.endpoint()),
            OwnCertificate.socketFactory(pki.serverKeystore(), pki.secret()), tickets, "chu.localhost",
            Duration.ofSeconds(5), true);
        outbox = new GatewayOutbox(mails, submission, Clock.fixed(T0, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() throws Exception {
        submission.close();
        stub.close();
    }

    @Test
    void aMailIsRegisteredThenSubmittedAsTheHospitalsBoxAndMarked() throws Exception {
        PlannedMail notice = notice("1001", GP);

        assertThat(outbox.send(notice)).isEqualTo(new SubmissionResult.Accepted(false));

        assertThat(stub.logins).containsExactly(SIH.address());
        assertThat(stub.recipients).containsExactly(GP);
        assertThat(stub.messages).singleElement().satisfies(message ->
            assertThat(message).contains("Message-ID: " + notice.messageId()));
        assertThat(DATABASE.text("SELECT purpose || ' ' || recipient || ' ' || (submitted_at IS NOT NULL) "
            + "FROM gateway_mail")).isEqualTo("ED_NOTICE " + GP + " true");
    }

    @Test
    void aMailRegisteredAndSubmittedBeforeIsNotSubmittedAgain() throws Exception {
        PlannedMail notice = notice("1001", GP);
        outbox.send(notice);

        assertThat(outbox.send(notice)).isEqualTo(new SubmissionResult.Accepted(true));
        assertThat(stub.messages).hasSize(1);
    }

    @Test
    void aRefusalIsTheMailsOutcomeKeptAndGivenAgainWithoutSubmitting() throws Exception {
        String suspended = "dr.absent@chu.localhost";
        stub.refusedRecipients.put(suspended, List.of("550 5.2.1", Rule.RECIPIENT_SUSPENDED.id(),
            suspended + " is suspended: write to another box of the professional"));
        PlannedMail notice = notice("1002", suspended);

        SubmissionResult first = outbox.send(notice);
        SubmissionResult again = outbox.send(notice);

        assertThat(first).isEqualTo(new SubmissionResult.Refused("550 5.2.1", Rule.RECIPIENT_SUSPENDED.id(),
            suspended + " is suspended: write to another box of the professional"));
        assertThat(again).isEqualTo(first);
        assertThat(stub.rcptLines).hasSize(1);
    }

    @Test
    void aTemporaryRefusalOrAListenerAwayMakesTheMessageAnsweredAr() throws Exception {
        stub.refusedMessage = List.of("451 4.3.0", Rule.DOMAIN_LIST_UNAVAILABLE.id(), "try again later");
        assertThatThrownBy(() -> outbox.send(notice("1003", GP))).isInstanceOf(DependencyUnavailableException.class)
            .hasMessageContaining("451 4.3.0");

        stub.close();
        assertThatThrownBy(() -> outbox.send(notice("1004", GP))).isInstanceOf(DependencyUnavailableException.class);
        assertThat(DATABASE.count("SELECT count(*) FROM gateway_mail WHERE submitted_at IS NULL")).isEqualTo(2);
    }

    @Test
    void aReceptionReceiptAsksTheChainForADeliveryNotice() throws Exception {
        String messageId = GatewayMessageIds.of(SIH, "2001", GatewayMessageIds.Purpose.PROFESSIONAL, GP,
            "chu.localhost");

        outbox.send(new PlannedMail(messageId, SIH, "2001", GatewayMessageIds.Purpose.PROFESSIONAL, SIH, GP,
            Optional.of("810000005479"), true, true, mime(messageId, "Compte rendu")));

        assertThat(stub.rcptLines).singleElement().satisfies(line ->
            assertThat(line).contains("NOTIFY=SUCCESS,FAILURE"));
        assertThat(DATABASE.text("SELECT recipient_id || ' ' || wants_delivery || ' ' || wants_reading "
            + "FROM gateway_mail")).isEqualTo("810000005479 true true");
    }

    @Test
    void theFirstAnswerKeptIsTheAnswer() throws Exception {
        JdbcAnswers answers = new JdbcAnswers(DATABASE.dataSource());
        Header header = new Header("SIH", "CHU^750000010^M", "CADUCEE", "", "ADT^A04^ADT_A01", "3975", "P", "2.5",
            StandardCharsets.UTF_8);
        byte[] first = "MSH|first".getBytes(StandardCharsets.UTF_8);

        assertThat(answers.find(SIH, "3975")).isEmpty();
        Answers.Answer kept = answers.keep(SIH, header, T0, new Answers.Answer("AA", first, "notice sent"));
        Answers.Answer second = answers.keep(SIH, header, T0, new Answers.Answer("AE", new byte[] {1}, "late"));

        assertThat(kept.ack()).isEqualTo(first);
        assertThat(second.ack()).isEqualTo(first);
        assertThat(second.code()).isEqualTo("AA");
        assertThat(answers.find(SIH, "3975")).hasValueSatisfying(answer -> {
            assertThat(answer.ack()).isEqualTo(first);
            assertThat(answer.summary()).isEqualTo("notice sent");
        });
        assertThat(answers.find(BoxAddress.parse("other@chu.localhost"), "3975")).isEmpty();
        assertThat(DATABASE.text("SELECT sending_app || '|' || sending_facility || '|' || message_type "
            + "FROM gateway_message")).isEqualTo("SIH|CHU^750000010^M|ADT^A04^ADT_A01");
    }

    @Test
    void theSpoolLetsTheFirstCopyOfAGatewayMailThroughAndGhostsASecond() throws Exception {
        PlannedMail notice = notice("1005", GP);
        mails.register(notice, T0);
        GatewayDuplicates mailet = new GatewayDuplicates(mails, trail::add);
        mailet.init(FakeMailetConfig.builder().mailetName("GatewayDuplicates").build());

        FakeMail first = spooled("mail-1", notice.messageId(), SIH.address());
        FakeMail replayed = spooled("mail-1", notice.messageId(), SIH.address());
        FakeMail second = spooled("mail-2", notice.messageId(), SIH.address());
        mailet.service(first);
        mailet.service(replayed);
        mailet.service(second);

        assertThat(first.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(replayed.getState()).as("the same copy processed again after a crash").isEqualTo(Mail.DEFAULT);
        assertThat(second.getState()).isEqualTo(Mail.GHOST);
        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.SUPPRESSED);
            assertThat(record.rule()).isEqualTo(Rule.GATEWAY_DUPLICATE_SUPPRESSED.id());
            assertThat(record.mail()).isEqualTo("mail-2");
            assertThat(record.messageId()).isEqualTo(notice.messageId());
            assertThat(record.recipients()).containsExactly(GP);
        });
    }

    @Test
    void theSameCopyProcessedAgainAfterSomeDeliveriesIsNotGivenTwiceToTheBoxesThatHoldIt() throws Exception {
        PlannedMail notice = notice("1007", GP);
        mails.register(notice, T0);
        GatewayDuplicates mailet = new GatewayDuplicates(mails, trail::add);
        mailet.init(FakeMailetConfig.builder().mailetName("GatewayDuplicates").build());
        mailet.service(spooled("mail-1", notice.messageId(), SIH.address()));
        // The first pass stored it in the GP's box, then the process died before the spool forgot the mail.
        storedIn(GP, notice.messageId());

        FakeMail again = FakeMail.builder().name("mail-1").sender(SIH.address()).state(Mail.DEFAULT)
            .recipients(GP, "dr.durand@chu.localhost")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addHeader("Message-ID", notice.messageId())
                .setSubject("Urgences").setText("x"))
            .build();
        mailet.service(again);

        assertThat(again.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(again.getRecipients()).extracting(Object::toString).containsExactly("dr.durand@chu.localhost");
        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.SUPPRESSED);
            assertThat(record.recipients()).containsExactly(GP);
        });

        FakeMail onlyTheGp = spooled("mail-1", notice.messageId(), SIH.address());
        mailet.service(onlyTheGp);
        assertThat(onlyTheGp.getState()).isEqualTo(Mail.GHOST);
    }

    /** A message with this Message-ID in the box's INBOX, as the mailbox store writes its rows. */
    private static void storedIn(String box, String messageId) throws Exception {
        String id = java.util.UUID.randomUUID().toString();
        DATABASE.execute("INSERT INTO caducee_mailbox (namespace, owner, name, uid_validity) VALUES ('#private', '"
            + box + "', 'INBOX', 1) ON CONFLICT DO NOTHING");
        DATABASE.execute("INSERT INTO caducee_message (message_id, internal_date, size, body_start_octet, header, body) "
            + "VALUES ('" + id + "', now(), 1, 0, ''::bytea, ''::bytea)");
        DATABASE.execute("INSERT INTO caducee_mailbox_message (mailbox_id, uid, message_id, modseq, size, "
            + "body_start_octet, internal_date) SELECT mailbox_id, 1, '" + id + "', 1, 1, 0, now() FROM caducee_mailbox "
            + "WHERE owner = '" + box + "'");
        DATABASE.execute("INSERT INTO caducee_message_search (message_id, headers, body, message_id_header) VALUES ('"
            + id + "', '', '', '" + messageId.substring(1, messageId.length() - 1) + "')");
    }

    @Test
    void mailsTheGatewayDidNotSendGoOnUntouched() throws Exception {
        PlannedMail notice = notice("1006", GP);
        mails.register(notice, T0);
        GatewayDuplicates mailet = new GatewayDuplicates(mails, trail::add);
        mailet.init(FakeMailetConfig.builder().mailetName("GatewayDuplicates").build());
        mailet.service(spooled("mail-1", notice.messageId(), SIH.address()));

        FakeMail otherSender = spooled("mail-2", notice.messageId(), "dr.martin@chu.localhost");
        FakeMail unregistered = spooled("mail-3", GatewayMessageIds.of(SIH, "9999",
            GatewayMessageIds.Purpose.ED_NOTICE, GP, "chu.localhost"), SIH.address());
        FakeMail ordinary = spooled("mail-4", "<abc@chu.localhost>", SIH.address());
        for (FakeMail mail : List.of(otherSender, unregistered, ordinary)) {
            mailet.service(mail);
            assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
        }
        assertThat(trail).isEmpty();
    }

    private static FakeMail spooled(String name, String messageId, String sender) throws Exception {
        return FakeMail.builder().name(name).sender(sender).recipient(GP).state(Mail.DEFAULT)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addHeader("Message-ID", messageId)
                .setSubject("Urgences").setText("x"))
            .build();
    }

    private static PlannedMail notice(String controlId, String recipient) {
        String messageId = GatewayMessageIds.of(SIH, controlId, GatewayMessageIds.Purpose.ED_NOTICE, recipient,
            "chu.localhost");
        return new PlannedMail(messageId, SIH, controlId, GatewayMessageIds.Purpose.ED_NOTICE, SIH, recipient,
            Optional.empty(), false, false, mime(messageId, "Urgences : votre patient"));
    }

    private static byte[] mime(String messageId, String subject) {
        return ("From: " + SIH + "\r\nTo: " + GP + "\r\nMessage-ID: " + messageId + "\r\nSubject: " + subject
            + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nBonjour\r\n")
            .getBytes(StandardCharsets.UTF_8);
    }
}
