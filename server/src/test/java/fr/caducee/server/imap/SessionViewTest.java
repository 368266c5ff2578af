package fr.caducee.server.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.events.Event;
import org.apache.james.events.EventBus;
import org.apache.james.events.EventListener;
import org.apache.james.events.Registration;
import org.apache.james.events.RegistrationKey;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.inmemory.InMemoryId;
import org.apache.james.mailbox.inmemory.InMemoryMessageId;
import org.apache.james.mailbox.events.MailboxEvents.Added;
import org.apache.james.mailbox.events.MailboxEvents.Expunged;
import org.apache.james.mailbox.events.MailboxEvents.FlagsUpdated;
import org.apache.james.mailbox.model.MailboxConstants;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

/** A session's sequence numbers, EXISTS and RECENT change only when the session tells its client. */
class SessionViewTest {
    private static final Username BOX = Username.of("soins@chu.test");
    private static final MailboxPath INBOX = MailboxPath.inbox(BOX);
    private static final InMemoryId MAILBOX = InMemoryId.of(7);

    private final MailboxSession ours = session(1);
    private final MailboxSession theirs = session(2);
    private final RecentClaims claims = new RecentClaims();
    private SessionView view;

    @BeforeEach
    void selectMailboxHoldingThreeMessages() {
        MessageManager messages = mock(MessageManager.class);
        when(messages.getId()).thenReturn(MAILBOX);
        view = new SessionView(mock(MailboxManager.class), messages, ours, claims);
        view.apply(added(theirs, 1, 2, 3));
        assertThat(view.isSizeChanged()).isTrue();
    }

    @Test
    void aDeliveredMessageCountsOnlyOnceEXISTSIsWritten() {
        view.apply(added(theirs, 4));

        assertThat(view.existsCount()).isEqualTo(3);
        assertThat(view.uid(4)).isEmpty();
        assertThat(view.msn(uid(4)).asInt()).isEmpty();
        assertThat(view.recentCount()).isEqualTo(3);

        assertThat(view.isSizeChanged()).isTrue();
        assertThat(view.existsCount()).isEqualTo(4);
        assertThat(view.msn(uid(4)).asInt()).contains(4);
        assertThat(view.isSizeChanged()).isFalse();
    }

    @Test
    void anExpungeByAnotherSessionKeepsTheSequenceNumbersUntilItsEXPUNGEIsWritten() {
        view.apply(expunged(theirs, 2));

        assertThat(view.existsCount()).isEqualTo(3);
        assertThat(view.uid(3)).contains(uid(3));
        assertThat(view.expungedUids()).containsExactly(uid(2));

        assertThat(view.remove(uid(2)).asInt()).contains(2);
        assertThat(view.existsCount()).isEqualTo(2);
        assertThat(view.msn(uid(3)).asInt()).contains(2);
        assertThat(view.expungedUids()).isEmpty();
    }

    @Test
    void anExpungeArrivingWhileOthersAreWrittenIsKeptForTheNextCommand() {
        view.apply(expunged(theirs, 1));
        view.expungedUids().forEach(view::remove);
        view.apply(expunged(theirs, 3));
        view.resetExpungedUids();

        assertThat(view.expungedUids()).containsExactly(uid(3));
    }

    @Test
    void aMessageAddedThenExpungedBeforeItWasAnnouncedIsNeverTold() {
        view.apply(added(theirs, 4));
        view.apply(expunged(theirs, 4));

        assertThat(view.isSizeChanged()).isFalse();
        assertThat(view.expungedUids()).isEmpty();
        assertThat(view.existsCount()).isEqualTo(3);
    }

    @Test
    void aMessageWhoseEventComesLateTakesItsPlaceBeforeTheNextOneIsAnnounced() {
        // Two deliveries, 4 then 5: the event of 5 (the session's own APPEND) reaches the session first.
        SessionView view = viewOf(3, (from, to) -> List.of(uid(4), uid(5)));
        view.apply(added(ours, 5));

        assertThat(view.isSizeChanged()).isTrue();
        assertThat(view.existsCount()).isEqualTo(5);
        assertThat(view.msn(uid(4)).asInt()).contains(4);
        assertThat(view.msn(uid(5)).asInt()).contains(5);

        view.apply(added(theirs, 4));
        assertThat(view.isSizeChanged()).isFalse();
        assertThat(view.existsCount()).isEqualTo(5);
        assertThat(view.msn(uid(5)).asInt()).contains(5);
    }

    @Test
    void aMessageOfTheGapExpungedBeforeItWasReadIsNeverTold() {
        SessionView view = viewOf(3, (from, to) -> List.of(uid(5)));
        view.apply(added(ours, 5));

        assertThat(view.isSizeChanged()).isTrue();
        view.apply(added(theirs, 4));
        view.apply(expunged(theirs, 4));

        assertThat(view.isSizeChanged()).isFalse();
        assertThat(view.expungedUids()).isEmpty();
        assertThat(view.existsCount()).isEqualTo(4);
        assertThat(view.msn(uid(5)).asInt()).contains(4);
    }

    @Test
    void aMessageReadInTheGapAndExpungedMeanwhileIsToldExpunged() {
        SessionView[] reading = new SessionView[1];
        SessionView view = viewOf(3, (from, to) -> {
            // Read before the expunge of 4 was stored; its events arrive while the mailbox is read.
            reading[0].apply(added(theirs, 4));
            reading[0].apply(expunged(theirs, 4));
            return List.of(uid(4), uid(5));
        });
        reading[0] = view;
        view.apply(added(ours, 5));

        assertThat(view.isSizeChanged()).isTrue();
        assertThat(view.existsCount()).isEqualTo(5);
        assertThat(view.expungedUids()).containsExactly(uid(4));
        assertThat(view.remove(uid(4)).asInt()).contains(4);
        assertThat(view.msn(uid(5)).asInt()).contains(4);
    }

    @Test
    void contiguousNewMessagesNeedNoReading() {
        SessionView view = viewOf(3, (from, to) -> {
            throw new AssertionError("the mailbox was read for " + from + ":" + to);
        });
        view.apply(added(theirs, 5));
        view.apply(added(theirs, 4));

        assertThat(view.isSizeChanged()).isTrue();
        assertThat(view.msn(uid(4)).asInt()).contains(4);
        assertThat(view.msn(uid(5)).asInt()).contains(5);
    }

    @Test
    void recentNeverCountsMoreThanTheMessagesAnnounced() {
        view.apply(added(theirs, 4, 5));
        assertThat(view.recentCount()).isEqualTo(3);

        view.apply(expunged(theirs, 1, 2, 3));
        view.expungedUids().forEach(view::remove);

        assertThat(view.recentCount()).isZero();
        assertThat(view.isRecentUidRemoved()).isTrue();
        view.isSizeChanged();
        assertThat(view.recentCount()).isEqualTo(2).isLessThanOrEqualTo((int) view.existsCount());
    }

    @Test
    void aNewMessageIsRecentInTheFirstSessionThatHearsOfItOnly() {
        MessageManager messages = mock(MessageManager.class);
        when(messages.getId()).thenReturn(MAILBOX);
        SessionView other = new SessionView(mock(MailboxManager.class), messages, theirs, claims);
        other.apply(added(theirs, 4));
        view.apply(added(theirs, 4));
        other.isSizeChanged();
        view.isSizeChanged();

        assertThat(other.isRecent(uid(4))).isTrue();
        assertThat(view.isRecent(uid(4))).isFalse();
        assertThat(view.addRecent(uid(4))).isFalse();
    }

    @Test
    void aSessionSelectingLaterDoesNotTakeTheRecentOfAMessageAnOpenSessionHeardOfFirst() {
        view.apply(added(theirs, 4));
        view.isSizeChanged();
        assertThat(view.isRecent(uid(4))).isTrue();

        // The database still marks 4 and 5 \Recent when the other session selects: James's selection says both are.
        SelectedMailbox james = mock(SelectedMailbox.class);
        for (int msn = 1; msn <= 5; msn++) {
            when(james.uid(msn)).thenReturn(Optional.of(uid(msn)));
        }
        when(james.uid(6)).thenReturn(Optional.empty());
        when(james.getRecent()).thenReturn(List.of(uid(4), uid(5)));
        when(james.getApplicableFlags()).thenReturn(new Flags());
        EventBus eventBus = mock(EventBus.class);
        when(eventBus.register(any(EventListener.ReactiveEventListener.class), any(RegistrationKey.class)))
            .thenReturn(Mono.just(mock(Registration.class)));
        MessageManager messages = mock(MessageManager.class);
        when(messages.getId()).thenReturn(MAILBOX);
        SessionView later = new SessionView(mock(MailboxManager.class), messages, theirs, claims);
        later.takeOver(eventBus, james).block();

        assertThat(later.existsCount()).isEqualTo(5);
        assertThat(later.isRecent(uid(4))).isFalse();
        assertThat(later.isRecent(uid(5))).isTrue();
    }

    @Test
    void aKeywordSetByAnotherSessionIsNewUntilFLAGSIsWritten() {
        view.apply(flagsUpdated(theirs, 2, "$Urgent"));

        assertThat(view.hasNewApplicableFlags()).isTrue();
        assertThat(view.getApplicableFlags().contains("$Urgent")).isTrue();
        assertThat(view.flagUpdateUids()).containsExactly(uid(2));
        view.resetEvents();
        assertThat(view.hasNewApplicableFlags()).isFalse();
        assertThat(view.flagUpdateUids()).isEmpty();
    }

    @Test
    void aFlagChangeArrivingWhileOthersAreReportedIsKept() {
        view.apply(flagsUpdated(theirs, 1, "$A"));
        assertThat(view.flagUpdateUids()).containsExactly(uid(1));
        view.apply(flagsUpdated(theirs, 2, "$B"));
        view.resetEvents();

        assertThat(view.flagUpdateUids()).containsExactly(uid(2));
    }

    @Test
    void theSessionsOwnFlagChangesAreNotReportedAgain() {
        view.apply(flagsUpdated(ours, 1, "$A"));

        assertThat(view.flagUpdateUids()).isEmpty();
        assertThat(view.getApplicableFlags().contains("$A")).isTrue();
    }

    @Test
    void aKeywordShownInAFetchBeforeFLAGSListedItIsReportedMissingOnce() {
        view.announcedFlags(new Flags("$Seen-by-nurse"));
        Flags shown = new Flags("$Seen-by-nurse");
        shown.add("$Urgent");

        Optional<Flags> missing = view.unannouncedKeywords(shown);
        assertThat(missing).isPresent();
        assertThat(missing.get().getUserFlags()).contains("$Urgent");
        view.announcedFlags(missing.get());

        assertThat(view.unannouncedKeywords(shown)).isEmpty();
    }

    /** A view of a mailbox whose messages 1 to {@code held} were announced, reading gaps from {@code stored}. */
    private SessionView viewOf(long held, SessionView.Stored stored) {
        MessageManager messages = mock(MessageManager.class);
        when(messages.getId()).thenReturn(MAILBOX);
        SessionView view = new SessionView(mock(MailboxManager.class), messages, ours, new RecentClaims(), stored);
        long[] uids = new long[(int) held];
        for (int i = 0; i < held; i++) {
            uids[i] = i + 1;
        }
        view.apply(added(theirs, uids));
        assertThat(view.isSizeChanged()).isTrue();
        return view;
    }

    private static MailboxSession session(long id) {
        return new MailboxSession(MailboxSession.SessionId.of(id), BOX, Optional.of(BOX), List.of(Locale.ROOT),
            MailboxConstants.DEFAULT_DELIMITER, MailboxSession.SessionType.User);
    }

    private static MessageUid uid(long uid) {
        return MessageUid.of(uid);
    }

    private static Event added(MailboxSession by, long... uids) {
        TreeMap<MessageUid, MessageMetaData> added = new TreeMap<>();
        for (long uid : uids) {
            added.put(uid(uid), metaData(uid));
        }
        return new Added(by.getSessionId(), BOX, INBOX, MAILBOX, added, Event.EventId.random(), true);
    }

    private static Event expunged(MailboxSession by, long... uids) {
        TreeMap<MessageUid, MessageMetaData> expunged = new TreeMap<>();
        for (long uid : uids) {
            expunged.put(uid(uid), metaData(uid));
        }
        return new Expunged(by.getSessionId(), BOX, INBOX, MAILBOX, expunged, Event.EventId.random());
    }

    private static Event flagsUpdated(MailboxSession by, long uid, String keyword) {
        UpdatedFlags updated = UpdatedFlags.builder().uid(uid(uid)).modSeq(ModSeq.of(uid + 10))
            .oldFlags(new Flags()).newFlags(new Flags(keyword)).build();
        return new FlagsUpdated(by.getSessionId(), BOX, INBOX, MAILBOX, List.of(updated), Event.EventId.random());
    }

    private static MessageMetaData metaData(long uid) {
        InMemoryMessageId id = InMemoryMessageId.of(uid);
        return new MessageMetaData(uid(uid), ModSeq.of(uid), new Flags(), 100, new Date(), Optional.empty(), id,
            ThreadId.fromBaseMessageId(id));
    }
}
