package fr.caducee.server.storage;

import org.apache.james.CoreDataModule;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.jpa.JPADomainList;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.mailrepository.api.MailRepositoryUrlStore;
import org.apache.james.mailrepository.jpa.JPAMailRepositoryUrlStore;
import org.apache.james.rrt.api.AliasReverseResolver;
import org.apache.james.rrt.api.CanSendFrom;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.jpa.JPARecipientRewriteTable;
import org.apache.james.rrt.lib.AliasReverseResolverImpl;
import org.apache.james.rrt.lib.CanSendFromImpl;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.sieve.jpa.JPASieveRepository;
import org.apache.james.sieverepository.api.SieveQuotaRepository;
import org.apache.james.sieverepository.api.SieveRepository;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.name.Names;
import com.google.inject.multibindings.ProvidesIntoSet;

/** Domains, recipient rewrites, sieve scripts and the list of mail repositories, in the database. */
public class JpaDataModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new CoreDataModule());

        bind(JPADomainList.class).in(Scopes.SINGLETON);
        bind(DomainList.class).annotatedWith(Names.named(CachedDomainList.STORED)).to(JPADomainList.class);
        bind(CachedDomainList.class).in(Scopes.SINGLETON);
        bind(DomainList.class).to(CachedDomainList.class);

        bind(CachedRecipientRewriteTable.class).in(Scopes.SINGLETON);
        bind(JPARecipientRewriteTable.class).to(CachedRecipientRewriteTable.class);
        bind(RecipientRewriteTable.class).to(CachedRecipientRewriteTable.class);
        bind(AliasReverseResolverImpl.class).in(Scopes.SINGLETON);
        bind(AliasReverseResolver.class).to(AliasReverseResolverImpl.class);
        bind(CanSendFromImpl.class).in(Scopes.SINGLETON);
        bind(CanSendFrom.class).to(CanSendFromImpl.class);

        bind(JPASieveRepository.class).in(Scopes.SINGLETON);
        bind(SieveRepository.class).to(JPASieveRepository.class);
        bind(SieveQuotaRepository.class).to(JPASieveRepository.class);

        bind(JPAMailRepositoryUrlStore.class).in(Scopes.SINGLETON);
        bind(MailRepositoryUrlStore.class).to(JPAMailRepositoryUrlStore.class);
    }

    @ProvidesIntoSet
    InitializationOperation configureDomains(DomainListConfiguration configuration, JPADomainList domains) {
        return InitilizationOperationBuilder.forClass(JPADomainList.class)
            .init(() -> domains.configure(configuration));
    }

    /**
     * For the class Guice instantiates (the cached table): James runs an initialisation in the order its class was
     * created in, before the mail spool starts; one named after another class would run last, after the spool may
     * already have handed a message to the rewrite mailet ("RecipientRewriteTable is not configured").
     */
    @ProvidesIntoSet
    InitializationOperation configureRewrites(ConfigurationProvider configurationProvider, CachedRecipientRewriteTable rewrites) {
        return InitilizationOperationBuilder.forClass(CachedRecipientRewriteTable.class)
            .init(() -> rewrites.configure(configurationProvider.getConfiguration("recipientrewritetable")));
    }
}
