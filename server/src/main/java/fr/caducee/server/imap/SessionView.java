package fr.caducee.server.imap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import javax.mail.Flags;

import org.apache.james.events.Event;
import org.apache.james.events.EventBus;
import org.apache.james.events.EventListener;
import org.apache.james.events.Registration;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.NullableMessageSequenceNumber;
import org.apache.james.mailbox.events.MailboxEvents.Added;
import org.apache.james.mailbox.events.MailboxEvents.Expunged;
import org.apache.james.mailbox.events.MailboxEvents.FlagsUpdated;
import org.apache.james.mailbox.events.MailboxEvents.MailboxDeletion;
import org.apache.james.mailbox.events.MailboxEvents.MailboxEvent;
import org.apache.james.mailbox.events.MailboxIdRegistrationKey;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

import fr.caducee.server.storage.mailbox.FlagChangesToReport;

/**
 * What one IMAP session has been told of its selected mailbox, and what it has not been told yet.
 *
 * <p>James 3.8.1's {@code SelectedMailboxImpl} changes a session's sequence numbers as soon as another session's
 * change reaches it: a delivered message counts in {@code EXISTS} and in {@code RECENT} before the session announced
 * it, and the {@code \Recent} of an expunged message is kept for ever, so sessions sent {@code * N RECENT} above the
 * EXISTS they had announced, FETCH answers for sequence numbers the client never heard of, and {@code BAD Invalid
 * messageset} for the last message it had been told of. Here the sequence numbers are those of the messages the
 * session announced, in UID order, and change only when the session writes the response that tells the client:
 * a new message joins them when {@code EXISTS} is written ({@link #isSizeChanged()}, which James calls just before),
 * an expunged one leaves them at its {@code EXPUNGE} ({@link #remove}). {@code RECENT} counts recent messages among
 * those only; a new message is recent in the first session that hears of it only ({@link RecentClaims}). Keywords the session has written in a {@code FLAGS} response are remembered, so that one seen in a
 * message first is announced before it ({@link SessionViews}).
 *
 * <p>New messages join in UID order only, as clients expect (a new message takes the next sequence number): the
 * events of two deliveries can reach a session in the other order (each is dispatched by the thread that committed
 * it), and a message joining the sequence numbers below one already announced would shift every number above it
 * under the client. UIDs are given in the mailbox row's lock, so a message is stored before the next UID is given:
 * when the UIDs heard of leave a gap, the messages stored in that gap are read from the mailbox ({@link Stored})
 * and join first; an event coming later for a UID up to the highest joined ({@link #accountedUpTo}) is not news.
 *
 * <p>Events reach a session on the event bus's threads while its commands run on others: every field is guarded by
 * this object.
 */
final class SessionView implements SelectedMailbox, EventListener.ReactiveEventListener {
    private static final Logger LOGGER = LoggerFactory.getLogger(SessionView.class);

    /** The UIDs of the messages a mailbox holds between two UIDs (both included), ascending. */
    @FunctionalInterface
    interface Stored {
        List<MessageUid> uids(MessageUid from, MessageUid to) throws MailboxException;
    }

    private final MailboxManager mailboxManager;
    private final Stored stored;
    private final RecentClaims claims;
    private final MessageManager messageManager;
    private final MailboxSession mailboxSession;
    private final MailboxId mailboxId;
    private final AtomicReference<Registration> registration = new AtomicReference<>();
    private final AtomicReference<ReactiveEventListener> idle = new AtomicReference<>();

    /** The UIDs the client was told of, ascending: the sequence number of each is its index plus one. */
    private final List<MessageUid> announced = new ArrayList<>();
    private final NavigableSet<MessageUid> added = new TreeSet<>();
    /** The UIDs above {@link #accountedUpTo} heard of as added (some since expunged). */
    private final NavigableSet<MessageUid> heard = new TreeSet<>();
    /** Every UID up to this one is accounted for: announced, or heard of, or not in the mailbox when it was read. */
    private long accountedUpTo;
    private final NavigableSet<MessageUid> expunged = new TreeSet<>();
    private final NavigableSet<MessageUid> recent = new TreeSet<>();
    private final NavigableSet<MessageUid> flagsChanged = new TreeSet<>();
    private Set<MessageUid> flagsReported = Set.of();
    private final Flags applicable = new Flags();
    private final Flags announcedFlags = new Flags();
    private boolean applicableGrew;
    private boolean recentRemoved;
    private boolean deletedByOtherSession;

    SessionView(MailboxManager mailboxManager, MessageManager messageManager, MailboxSession mailboxSession,
                RecentClaims claims) {
        this(mailboxManager, messageManager, mailboxSession, claims,
            (from, to) -> storedUids(messageManager, mailboxSession, from, to));
    }

    SessionView(MailboxManager mailboxManager, MessageManager messageManager, MailboxSession mailboxSession,
                RecentClaims claims, Stored stored) {
        this.mailboxManager = mailboxManager;
        this.stored = stored;
        this.claims = claims;
        this.messageManager = messageManager;
        this.mailboxSession = mailboxSession;
        this.mailboxId = messageManager.getId();
    }

    /**
     * Listens to the mailbox, then takes over what James's selection of it knew: from then on every change reaches
     * this view, and a change James's selection had already seen is only counted once.
     */
    Mono<Void> takeOver(EventBus eventBus, SelectedMailbox james) {
        return Mono.from(eventBus.register(this, new MailboxIdRegistrationKey(mailboxId)))
            .doOnNext(registration::set)
            .then(Mono.fromRunnable(() -> copy(james)));
    }

    private void copy(SelectedMailbox james) {
        List<MessageUid> uids = new ArrayList<>();
        for (int msn = 1; ; msn++) {
            Optional<MessageUid> uid = james.uid(msn);
            if (uid.isEmpty()) {
                break;
            }
            uids.add(uid.get());
        }
        Collection<MessageUid> jamesExpunged = james.expungedUids();
        Collection<MessageUid> jamesRecent = james.getRecent();
        Collection<MessageUid> jamesFlagsChanged = james.flagUpdateUids();
        Flags jamesApplicable = james.getApplicableFlags();
        synchronized (this) {
            // The client has been told nothing yet: what this view heard of before James's table joins it in order.
            announced.addAll(uids);
            added.removeAll(announced);
            announced.addAll(added);
            Collections.sort(announced);
            added.clear();
            heard.clear();
            expunged.addAll(jamesExpunged);
            // The database's \Recent (which James's SELECT read and cleared) may be on messages a session still
            // open heard of first: only those no session claimed are recent here.
            new TreeSet<>(jamesRecent).forEach(uid -> {
                if (claims.claim(mailboxId, uid)) {
                    recent.add(uid);
                }
            });
            accountedUpTo = Math.max(announced.isEmpty() ? 0 : announced.get(announced.size() - 1).asLong(),
                expunged.isEmpty() ? 0 : expunged.last().asLong());
            flagsChanged.addAll(jamesFlagsChanged);
            applicable.add(jamesApplicable);
            applicable.remove(Flags.Flag.RECENT);
        }
    }

    @Override
    public Publisher<Void> reactiveEvent(Event event) {
        return Mono.fromRunnable(() -> apply(event))
            .then(Mono.defer(() -> Optional.ofNullable(idle.get())
                .map(listener -> Mono.from(listener.reactiveEvent(event)))
                .orElse(Mono.empty())));
    }

    synchronized void apply(Event event) {
        if (!(event instanceof MailboxEvent mailboxEvent) || !mailboxId.equals(mailboxEvent.getMailboxId())) {
            return;
        }
        if (event instanceof Added addition) {
            for (MessageUid uid : addition.getUids()) {
                // At or below accountedUpTo: announced already, or read from the mailbox as gone.
                if (uid.asLong() > accountedUpTo && heard.add(uid) && !expunged.remove(uid)) {
                    added.add(uid);
                    if (claims.claim(mailboxId, uid)) {
                        recent.add(uid);
                    }
                }
            }
        } else if (event instanceof Expunged expunge) {
            for (MessageUid uid : expunge.getUids()) {
                if (added.remove(uid)) {
                    // Never announced: the client need not hear of it at all.
                    recent.remove(uid);
                    flagsChanged.remove(uid);
                }
                // Kept even so: a gap read from the mailbox may announce it before this command ends; an expunge
                // of a message never announced is dropped when expunges are told.
                expunged.add(uid);
            }
        } else if (event instanceof FlagsUpdated update) {
            flagsUpdated(update);
        } else if (event instanceof MailboxDeletion deletion
                && !mailboxSession.getSessionId().equals(deletion.getSessionId())) {
            deletedByOtherSession = true;
        }
    }

    private void flagsUpdated(FlagsUpdated update) {
        // The session's own STOREs answer for themselves.
        boolean ours = mailboxSession.getSessionId().equals(update.getSessionId());
        for (UpdatedFlags flags : update.getUpdatedFlags()) {
            if (!ours && changesMoreThanRecent(flags)) {
                flagsChanged.add(flags.getUid());
            }
            if (flags.modifiedSystemFlags().contains(Flags.Flag.RECENT)
                    && flags.getNewFlags().contains(Flags.Flag.RECENT)) {
                recent.add(flags.getUid());
            }
            int keywords = applicable.getUserFlags().length;
            applicable.add(flags.getNewFlags());
            applicable.remove(Flags.Flag.RECENT);
            applicableGrew |= applicable.getUserFlags().length > keywords;
        }
    }

    private static boolean changesMoreThanRecent(UpdatedFlags flags) {
        return flags.userFlagIterator().hasNext()
            || flags.modifiedSystemFlags().stream().anyMatch(flag -> !Flags.Flag.RECENT.equals(flag));
    }

    private int indexOf(MessageUid uid) {
        return Collections.binarySearch(announced, uid);
    }

    /**
     * Called by James just before it writes EXISTS: the messages added since the last one join the session's, in
     * UID order; when the UIDs heard of leave a gap, the mailbox is read for the messages stored in it.
     */
    @Override
    public boolean isSizeChanged() {
        MessageUid from;
        MessageUid to;
        synchronized (this) {
            if (added.isEmpty()) {
                return false;
            }
            to = added.last();
            if (heard.headSet(to, true).size() == to.asLong() - accountedUpTo) {
                return join(List.copyOf(added), to);
            }
            from = MessageUid.of(accountedUpTo + 1);
        }
        // Read without holding the view: events keep arriving meanwhile.
        List<MessageUid> inGap;
        try {
            inGap = stored.uids(from, to);
        } catch (MailboxException | RuntimeException e) {
            LOGGER.warn("Could not read UIDs {} to {} of mailbox {}: new messages are announced at the next command",
                from, to, mailboxId.serialize(), e);
            return false;
        }
        synchronized (this) {
            for (MessageUid uid : inGap) {
                // A message whose event has not come yet: this session is the first to hear of it.
                if (!heard.contains(uid) && !expunged.contains(uid) && claims.claim(mailboxId, uid)) {
                    recent.add(uid);
                }
            }
            return join(inGap, to);
        }
    }

    /** The messages of {@code uids} join the announced ones; every UID up to {@code upTo} is accounted for. */
    private boolean join(List<MessageUid> uids, MessageUid upTo) {
        boolean grew = false;
        for (MessageUid uid : uids) {
            // Above every UID announced: the next sequence numbers.
            if (uid.asLong() > accountedUpTo && indexOf(uid) < 0) {
                announced.add(uid);
                grew = true;
            }
        }
        accountedUpTo = Math.max(accountedUpTo, upTo.asLong());
        heard.headSet(upTo, true).clear();
        added.headSet(upTo, true).clear();
        return grew;
    }

    private static List<MessageUid> storedUids(MessageManager messageManager, MailboxSession session,
                                               MessageUid from, MessageUid to) throws MailboxException {
        List<MessageUid> uids = new ArrayList<>();
        MessageResultIterator results = messageManager.getMessages(MessageRange.range(from, to), FetchGroup.MINIMAL,
            session);
        results.forEachRemaining(result -> uids.add(result.getUid()));
        if (results.getException() != null) {
            throw results.getException();
        }
        Collections.sort(uids);
        return uids;
    }

    @Override
    public synchronized long existsCount() {
        return announced.size();
    }

    @Override
    public synchronized NullableMessageSequenceNumber msn(MessageUid uid) {
        int index = indexOf(uid);
        return index < 0 ? NullableMessageSequenceNumber.noMessage() : NullableMessageSequenceNumber.of(index + 1);
    }

    @Override
    public synchronized Optional<MessageUid> uid(int msn) {
        if (msn < 1 || msn > announced.size()) {
            return Optional.empty();
        }
        return Optional.of(announced.get(msn - 1));
    }

    @Override
    public synchronized Optional<MessageUid> getFirstUid() {
        return announced.isEmpty() ? Optional.empty() : Optional.of(announced.get(0));
    }

    @Override
    public synchronized Optional<MessageUid> getLastUid() {
        return announced.isEmpty() ? Optional.empty() : Optional.of(announced.get(announced.size() - 1));
    }

    /** The expunged messages the client still knows of, to be told now, in UID order. */
    @Override
    public synchronized Collection<MessageUid> expungedUids() {
        // An expunge of a message the session never knew (removed before it was announced, or before the
        // selection) has nothing to tell; one above the UIDs accounted for may still be announced (read from the
        // mailbox before the expunge), or come before the message's own event: it waits.
        expunged.removeIf(uid -> indexOf(uid) < 0 && uid.asLong() <= accountedUpTo);
        return expunged.stream().filter(uid -> indexOf(uid) >= 0).toList();
    }

    /** Nothing to do: each expunge told leaves through {@link #remove}, and those that came since stay to be told. */
    @Override
    public void resetExpungedUids() {
    }

    /** Called by James as it writes the message's EXPUNGE (or VANISHED): its sequence number at that moment. */
    @Override
    public synchronized NullableMessageSequenceNumber remove(MessageUid uid) {
        expunged.remove(uid);
        flagsChanged.remove(uid);
        if (recent.remove(uid)) {
            recentRemoved = true;
        }
        int index = indexOf(uid);
        if (index < 0) {
            return NullableMessageSequenceNumber.noMessage();
        }
        announced.remove(index);
        return NullableMessageSequenceNumber.of(index + 1);
    }

    /**
     * James's APPEND marks the message it appended to the selected mailbox recent here; its event came first, and
     * the session that heard of it first has it recent ({@link RecentClaims}).
     */
    @Override
    public synchronized boolean addRecent(MessageUid uid) {
        return false;
    }

    @Override
    public synchronized boolean removeRecent(MessageUid uid) {
        boolean removed = recent.remove(uid);
        recentRemoved |= removed;
        return removed;
    }

    /** The recent messages among those the session announced. */
    @Override
    public synchronized Collection<MessageUid> getRecent() {
        return recent.stream().filter(uid -> indexOf(uid) >= 0).toList();
    }

    @Override
    public synchronized int recentCount() {
        return getRecent().size();
    }

    @Override
    public synchronized boolean isRecent(MessageUid uid) {
        return recent.contains(uid);
    }

    @Override
    public synchronized boolean isRecentUidRemoved() {
        return recentRemoved;
    }

    @Override
    public synchronized void resetRecentUidRemoved() {
        recentRemoved = false;
    }

    @Override
    public synchronized Collection<MessageUid> flagUpdateUids() {
        flagsReported = new TreeSet<>(flagsChanged);
        if (messageManager instanceof FlagChangesToReport reports) {
            reports.willReport(flagsReported);
        }
        return flagsReported;
    }

    /** Forgets the flag changes just reported; one that came meanwhile waits for the next command. */
    @Override
    public synchronized void resetEvents() {
        flagsChanged.removeAll(flagsReported);
        flagsReported = Set.of();
        if (messageManager instanceof FlagChangesToReport reports) {
            reports.willReport(Set.of());
        }
        deletedByOtherSession = false;
        applicableGrew = false;
    }

    @Override
    public synchronized Flags getApplicableFlags() {
        return new Flags(applicable);
    }

    @Override
    public synchronized boolean hasNewApplicableFlags() {
        return applicableGrew;
    }

    @Override
    public synchronized void resetNewApplicableFlags() {
        applicableGrew = false;
    }

    /** A FLAGS response is being written: its keywords are known to the client from now on. */
    synchronized void announcedFlags(Flags flags) {
        announcedFlags.add(flags);
    }

    /**
     * The keywords of {@code flags} the client was not told of in a FLAGS response; they join the applicable flags,
     * and count as told once the caller has written the FLAGS response.
     */
    synchronized Optional<Flags> unannouncedKeywords(Flags flags) {
        Flags missing = new Flags();
        for (String keyword : flags.getUserFlags()) {
            if (!announcedFlags.contains(keyword)) {
                missing.add(keyword);
            }
        }
        if (missing.getUserFlags().length == 0) {
            return Optional.empty();
        }
        applicable.add(missing);
        return Optional.of(new Flags(applicable));
    }

    @Override
    public synchronized boolean isDeletedByOtherSession() {
        return deletedByOtherSession;
    }

    @Override
    public Mono<Void> deselect() {
        idle.set(null);
        return Mono.justOrEmpty(registration.getAndSet(null))
            .flatMap(listening -> Mono.from(listening.unregister()))
            .then(Mono.fromRunnable(this::forget));
    }

    private synchronized void forget() {
        announced.clear();
        added.clear();
        heard.clear();
        expunged.clear();
        recent.clear();
        flagsChanged.clear();
    }

    @Override
    public void registerIdle(ReactiveEventListener listener) {
        idle.set(listener);
    }

    @Override
    public void unregisterIdle() {
        idle.set(null);
    }

    @Override
    public Mono<MailboxPath> getPathReactive() {
        return Mono.from(mailboxManager.getMailboxReactive(mailboxId, mailboxSession))
            .flatMap(mailbox -> Mono.fromCallable(mailbox::getMailboxPath));
    }

    @Override
    public MailboxId getMailboxId() {
        return mailboxId;
    }

    @Override
    public MessageManager getMessageManager() {
        return messageManager;
    }
}
