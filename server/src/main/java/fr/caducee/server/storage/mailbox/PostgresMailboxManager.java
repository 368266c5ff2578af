package fr.caducee.server.storage.mailbox;

import java.time.Clock;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.events.EventBus;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.ComposedMessageIdWithMetaData;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.mailbox.store.MailboxManagerConfiguration;
import org.apache.james.mailbox.store.MessageFactory;
import org.apache.james.mailbox.store.MessageStorer;
import org.apache.james.mailbox.store.NoMailboxPathLocker;
import org.apache.james.mailbox.store.PreDeletionHooks;
import org.apache.james.mailbox.store.StoreMailboxAnnotationManager;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.james.mailbox.store.StoreMessageManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.model.impl.MessageParser;
import org.apache.james.mailbox.store.quota.QuotaComponents;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * James's mailbox manager on the PostgreSQL store. Writes to one mailbox are ordered by the lock on its database row
 * ({@link PostgresMessageMapper}), so no path lock is taken in the JVM ({@link NoMailboxPathLocker}), where James's JPA
 * manager serialised every write to a mailbox behind one. Same capabilities as James's JPA manager: user flags
 * (keywords), namespaces, MOVE, annotations; and James's pre-deletion hooks are called (JPA's manager had none).
 */
public class PostgresMailboxManager extends StoreMailboxManager {
    public static final EnumSet<MailboxCapabilities> CAPABILITIES = EnumSet.of(MailboxCapabilities.UserFlag,
        MailboxCapabilities.Namespace, MailboxCapabilities.Move, MailboxCapabilities.Annotation);

    @Inject
    public PostgresMailboxManager(PostgresMapperFactory mappers, SessionProvider sessionProvider,
                                  MessageParser messageParser, MessageId.Factory messageIdFactory, EventBus eventBus,
                                  StoreMailboxAnnotationManager annotationManager, StoreRightManager rightManager,
                                  QuotaComponents quotaComponents, MessageSearchIndex index, PreDeletionHooks preDeletionHooks,
                                  ThreadIdGuessingAlgorithm threadIdGuessingAlgorithm, Clock clock) {
        super(mappers, sessionProvider, new NoMailboxPathLocker(), messageParser, messageIdFactory, annotationManager,
            eventBus, rightManager, quotaComponents, index, MailboxManagerConfiguration.DEFAULT,
            preDeletionHooks, threadIdGuessingAlgorithm, clock);
    }

    @Override
    protected StoreMessageManager createMessageManager(Mailbox mailbox, MailboxSession session) {
        return new KeywordsMessageManager(this, mailbox);
    }

    @Override
    public EnumSet<MailboxCapabilities> getSupportedMailboxCapabilities() {
        return CAPABILITIES;
    }

    /**
     * A mailbox that keeps any keyword a client sets (PERMANENTFLAGS includes {@code \*}), and reads in one statement
     * the flags its session is about to report ({@link FlagChangesToReport}).
     */
    private static final class KeywordsMessageManager extends StoreMessageManager implements FlagChangesToReport {
        /** UIDs read together at most beyond those to report: past it, one statement per range as James asks. */
        static final int GAP_ALLOWANCE = 64;
        static final int GAP_PER_MESSAGE = 8;

        private NavigableSet<MessageUid> toReport = new TreeSet<>();
        private Mono<Map<MessageUid, ComposedMessageIdWithMetaData>> readTogether;

        KeywordsMessageManager(PostgresMailboxManager manager, Mailbox mailbox) {
            super(StoreMailboxManager.DEFAULT_NO_MESSAGE_CAPABILITIES, manager.getMapperFactory(),
                manager.getMessageSearchIndex(), manager.getEventBus(), manager.getLocker(), mailbox,
                manager.getQuotaComponents().getQuotaManager(), manager.getQuotaComponents().getQuotaRootResolver(),
                manager.configuration.getBatchSizes(), manager.getStoreRightManager(), manager.getPreDeletionHooks(),
                new MessageStorer.WithoutAttachment(manager.getMapperFactory(), manager.getMessageIdFactory(),
                    new MessageFactory.StoreMessageFactory(), manager.getThreadIdGuessingAlgorithm(), manager.getClock()));
        }

        @Override
        public synchronized void willReport(Collection<MessageUid> uids) {
            toReport = new TreeSet<>(uids);
            readTogether = null;
        }

        /**
         * A range made only of messages to report is answered from one read of them all, made at the first such range;
         * any other range is read as James reads it.
         */
        @Override
        public Publisher<ComposedMessageIdWithMetaData> listMessagesMetadata(MessageRange set, MailboxSession session) {
            List<MessageUid> wanted;
            Mono<Map<MessageUid, ComposedMessageIdWithMetaData>> read;
            synchronized (this) {
                wanted = reportedIn(set);
                if (wanted.isEmpty()) {
                    return super.listMessagesMetadata(set, session);
                }
                if (readTogether == null) {
                    if (!worthReadingTogether()) {
                        toReport.clear();
                        return super.listMessagesMetadata(set, session);
                    }
                    Set<MessageUid> reported = Set.copyOf(toReport);
                    readTogether = Flux.from(super.listMessagesMetadata(
                            MessageRange.range(toReport.first(), toReport.last()), session))
                        .filter(message -> reported.contains(message.getComposedMessageId().getUid()))
                        .collectMap(message -> message.getComposedMessageId().getUid())
                        .cache();
                }
                read = readTogether;
                toReport.removeAll(wanted);
                if (toReport.isEmpty()) {
                    readTogether = null;
                }
            }
            return read.flatMapMany(messages -> Flux.fromIterable(wanted).mapNotNull(messages::get));
        }

        /** The UIDs of a range when every one of them is to be reported, otherwise none. */
        private List<MessageUid> reportedIn(MessageRange set) {
            if (toReport.isEmpty() || (set.getType() != MessageRange.Type.ONE && set.getType() != MessageRange.Type.RANGE)) {
                return List.of();
            }
            NavigableSet<MessageUid> in = toReport.subSet(set.getUidFrom(), true, set.getUidTo(), true);
            boolean whole = in.size() == set.getUidTo().asLong() - set.getUidFrom().asLong() + 1;
            return whole ? List.copyOf(in) : List.of();
        }

        /** Several ranges, not far apart: reading the rows between them costs less than a statement per range. */
        private boolean worthReadingTogether() {
            long span = toReport.last().asLong() - toReport.first().asLong() + 1;
            return span > toReport.size() && span <= GAP_ALLOWANCE + (long) GAP_PER_MESSAGE * toReport.size();
        }

        @Override
        public Flags getPermanentFlags(MailboxSession session) {
            Flags flags = super.getPermanentFlags(session);
            flags.add(Flags.Flag.USER);
            return flags;
        }

        /** Parts under part 1 of a message that is itself a message/rfc822 numbered as RFC 9051 6.4.5 says. */
        @Override
        public MessageResultIterator getMessages(MessageRange set, FetchGroup fetchGroup, MailboxSession session) {
            MessageResultIterator stored = super.getMessages(set, fetchGroup, session);
            return new MessageResultIterator() {
                @Override
                public boolean hasNext() {
                    return stored.hasNext();
                }

                @Override
                public MessageResult next() {
                    return new EncapsulatingMessageResult(stored.next());
                }

                @Override
                public MailboxException getException() {
                    return stored.getException();
                }
            };
        }

        @Override
        public Publisher<MessageResult> getMessagesReactive(MessageRange set, FetchGroup fetchGroup,
                                                            MailboxSession session) {
            return Flux.from(super.getMessagesReactive(set, fetchGroup, session)).map(EncapsulatingMessageResult::new);
        }
    }
}
