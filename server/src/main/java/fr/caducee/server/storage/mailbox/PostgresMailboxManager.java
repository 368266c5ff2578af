package fr.caducee.server.storage.mailbox;

import java.time.Clock;
import java.util.EnumSet;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.events.EventBus;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.exception.MailboxException;
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

    /** A mailbox that keeps any keyword a client sets (PERMANENTFLAGS includes {@code \*}). */
    private static final class KeywordsMessageManager extends StoreMessageManager {
        KeywordsMessageManager(PostgresMailboxManager manager, Mailbox mailbox) {
            super(StoreMailboxManager.DEFAULT_NO_MESSAGE_CAPABILITIES, manager.getMapperFactory(),
                manager.getMessageSearchIndex(), manager.getEventBus(), manager.getLocker(), mailbox,
                manager.getQuotaComponents().getQuotaManager(), manager.getQuotaComponents().getQuotaRootResolver(),
                manager.configuration.getBatchSizes(), manager.getStoreRightManager(), manager.getPreDeletionHooks(),
                new MessageStorer.WithoutAttachment(manager.getMapperFactory(), manager.getMessageIdFactory(),
                    new MessageFactory.StoreMessageFactory(), manager.getThreadIdGuessingAlgorithm(), manager.getClock()));
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
