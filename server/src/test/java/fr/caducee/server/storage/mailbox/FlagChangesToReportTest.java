package fr.caducee.server.storage.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.ComposedMessageIdWithMetaData;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.PreDeletionHooks;
import org.apache.james.metrics.dropwizard.DropWizardMetricFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.codahale.metrics.MetricRegistry;

import reactor.core.publisher.Flux;

/** A selected mailbox reads the flags its session is about to report in one statement, not one per range. */
class FlagChangesToReportTest {
    private MessageManager inbox;
    private MailboxSession session;
    private final List<MessageUid> uids = new ArrayList<>();

    @BeforeEach
    void twentyMessages() throws Exception {
        PostgresMailboxManager manager = PostgresMailboxManagerTest.newManager(
            new PreDeletionHooks(Set.of(), new DropWizardMetricFactory(new MetricRegistry())));
        session = manager.createSystemSession(Username.of("accueil@report.localhost"));
        MailboxPath path = MailboxPath.inbox(session);
        manager.createMailbox(path, session);
        inbox = manager.getMailbox(path, session);
        for (int i = 0; i < 20; i++) {
            String message = "Subject: Bilan " + i + "\r\n\r\nBilan joint.\r\n";
            uids.add(inbox.appendMessage(MessageManager.AppendCommand.builder().build(message), session).getId().getUid());
        }
    }

    private List<ComposedMessageIdWithMetaData> read(MessageRange range) {
        return Flux.from(inbox.listMessagesMetadata(range, session)).collectList().block();
    }

    private static long statements() throws Exception {
        return StorePostgres.dataSource().statements();
    }

    @Test
    void theFlagsOfMessagesApartAreReadInOneStatementAndEachRangeGetsItsOwn() throws Exception {
        inbox.setFlags(new Flags(Flags.Flag.FLAGGED), MessageManager.FlagsUpdateMode.ADD,
            MessageRange.range(uids.get(4), uids.get(5)), session);
        List<MessageUid> changed = List.of(uids.get(1), uids.get(4), uids.get(5), uids.get(9), uids.get(15));
        ((FlagChangesToReport) inbox).willReport(changed);

        long before = statements();
        List<List<ComposedMessageIdWithMetaData>> answers = new ArrayList<>();
        for (MessageRange range : MessageRange.toRanges(changed)) {
            answers.add(read(range));
        }

        assertThat(statements() - before).isEqualTo(1);
        assertThat(answers).extracting(answer -> answer.stream().map(m -> m.getComposedMessageId().getUid()).toList())
            .containsExactly(List.of(uids.get(1)), List.of(uids.get(4), uids.get(5)), List.of(uids.get(9)),
                List.of(uids.get(15)));
        assertThat(answers.get(1)).allSatisfy(message -> assertThat(message.getFlags().contains(Flags.Flag.FLAGGED)).isTrue());
        assertThat(answers.get(0).get(0).getFlags().contains(Flags.Flag.FLAGGED)).isFalse();
    }

    @Test
    void onceReportedARangeIsReadFromTheDatabaseAgain() throws Exception {
        List<MessageUid> changed = List.of(uids.get(1), uids.get(3));
        ((FlagChangesToReport) inbox).willReport(changed);
        read(MessageRange.one(uids.get(1)));
        read(MessageRange.one(uids.get(3)));
        inbox.setFlags(new Flags(Flags.Flag.SEEN), MessageManager.FlagsUpdateMode.ADD, MessageRange.one(uids.get(1)), session);

        long before = statements();
        List<ComposedMessageIdWithMetaData> again = read(MessageRange.one(uids.get(1)));

        assertThat(statements() - before).isEqualTo(1);
        assertThat(again.get(0).getFlags().contains(Flags.Flag.SEEN)).isTrue();
    }

    @Test
    void aRangeNotWhollyToReportIsReadAsAsked() throws Exception {
        ((FlagChangesToReport) inbox).willReport(List.of(uids.get(1), uids.get(3)));

        List<ComposedMessageIdWithMetaData> read = read(MessageRange.range(uids.get(0), uids.get(5)));

        assertThat(read).hasSize(6);
    }

    @Test
    void messagesFarApartAreReadOneRangeAtATime() throws Exception {
        MessageUid farAway = MessageUid.of(uids.get(0).asLong() + 10_000);
        ((FlagChangesToReport) inbox).willReport(List.of(uids.get(0), farAway));

        long before = statements();
        List<ComposedMessageIdWithMetaData> first = read(MessageRange.one(uids.get(0)));
        List<ComposedMessageIdWithMetaData> second = read(MessageRange.one(farAway));

        assertThat(statements() - before).isEqualTo(2);
        assertThat(first).hasSize(1);
        assertThat(second).isEmpty();
    }

    @Test
    void nothingToReportAnyMoreReadsAsAsked() throws Exception {
        FlagChangesToReport reports = (FlagChangesToReport) inbox;
        reports.willReport(List.of(uids.get(1), uids.get(3)));
        reports.willReport(List.of());

        long before = statements();
        read(MessageRange.one(uids.get(1)));
        read(MessageRange.one(uids.get(3)));

        assertThat(statements() - before).isEqualTo(2);
    }
}
