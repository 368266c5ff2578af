package fr.caducee.server.storage.mailbox;

import java.time.Clock;

import org.apache.james.events.EventBus;
import org.apache.james.events.InVMEventBus;
import org.apache.james.events.MemoryEventDeadLetters;
import org.apache.james.events.RetryBackoffConfiguration;
import org.apache.james.events.delivery.InVmEventDelivery;
import org.apache.james.mailbox.MailboxManagerTest;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.acl.UnionMailboxACLResolver;
import org.apache.james.mailbox.inmemory.quota.InMemoryPerUserMaxQuotaManager;
import org.apache.james.mailbox.jpa.JPAAttachmentContentLoader;
import org.apache.james.mailbox.store.FakeAuthenticator;
import org.apache.james.mailbox.store.FakeAuthorizator;
import org.apache.james.mailbox.store.PreDeletionHooks;
import org.apache.james.mailbox.store.SessionProviderImpl;
import org.apache.james.mailbox.store.StoreMailboxAnnotationManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.store.StoreSubscriptionManager;
import org.apache.james.mailbox.store.event.MailboxAnnotationListener;
import org.apache.james.mailbox.store.extractor.DefaultTextExtractor;
import org.apache.james.mailbox.store.mail.NaiveThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.model.impl.MessageParser;
import org.apache.james.mailbox.store.quota.DefaultUserQuotaRootResolver;
import org.apache.james.mailbox.store.quota.QuotaComponents;
import org.apache.james.mailbox.store.quota.StoreQuotaManager;
import org.apache.james.mailbox.store.search.SimpleMessageSearchIndex;
import org.apache.james.metrics.dropwizard.DropWizardMetricFactory;

import com.codahale.metrics.MetricRegistry;

import fr.caducee.server.storage.search.MessageIndexing;

/** James's contract of a mailbox manager, on our manager and the PostgreSQL store, wired as James's memory test does. */
class PostgresMailboxManagerTest extends MailboxManagerTest<PostgresMailboxManager> {
    private PostgresMailboxManager manager;

    @Override
    protected PostgresMailboxManager provideMailboxManager() {
        if (manager == null) {
            manager = newManager(new PreDeletionHooks(preDeletionHooks(), new DropWizardMetricFactory(new MetricRegistry())));
        }
        return manager;
    }

    static PostgresMailboxManager newManager(PreDeletionHooks hooks) {
        try {
            MailboxDatabase database = StorePostgres.fresh();
            Clock clock = Clock.systemUTC();
            PostgresMapperFactory mappers = new PostgresMapperFactory(database, MessageIndexing.NONE,
                new MailboxRowSequences(database), clock);
            EventBus eventBus = new InVMEventBus(new InVmEventDelivery(new DropWizardMetricFactory(new MetricRegistry())),
                RetryBackoffConfiguration.DEFAULT, new MemoryEventDeadLetters());
            StoreRightManager rights = new StoreRightManager(mappers, new UnionMailboxACLResolver(), eventBus);
            StoreMailboxAnnotationManager annotations = new StoreMailboxAnnotationManager(mappers, rights, 3, 30);
            SessionProviderImpl sessions = new SessionProviderImpl(new FakeAuthenticator(), FakeAuthorizator.defaultReject());
            InMemoryPerUserMaxQuotaManager maxQuotas = new InMemoryPerUserMaxQuotaManager();
            DefaultUserQuotaRootResolver roots = new DefaultUserQuotaRootResolver(sessions, mappers);
            StoreQuotaManager quotas = new StoreQuotaManager(new StoredCurrentQuotaManager(database), maxQuotas);
            SimpleMessageSearchIndex index = new SimpleMessageSearchIndex(mappers, mappers, new DefaultTextExtractor(),
                new JPAAttachmentContentLoader());
            PostgresMailboxManager manager = new PostgresMailboxManager(mappers, sessions, new MessageParser(),
                new StoredMessageId.Factory(), eventBus, annotations, rights, new QuotaComponents(maxQuotas, quotas, roots),
                index, hooks, new NaiveThreadIdGuessingAlgorithm(), clock);
            eventBus.register(new MailboxAnnotationListener(mappers, sessions));
            return manager;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected SubscriptionManager provideSubscriptionManager() {
        return new StoreSubscriptionManager(provideMailboxManager().getMapperFactory(),
            provideMailboxManager().getMapperFactory(), provideMailboxManager().getEventBus());
    }

    @Override
    protected EventBus retrieveEventBus(PostgresMailboxManager mailboxManager) {
        return mailboxManager.getEventBus();
    }
}
