package fr.caducee.server.storage.mailbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Domain;
import org.apache.james.core.quota.QuotaCountLimit;
import org.apache.james.core.quota.QuotaSizeLimit;
import org.apache.james.mailbox.jpa.quota.JPAPerUserMaxQuotaDAO;
import org.apache.james.mailbox.jpa.quota.JPAPerUserMaxQuotaManager;
import org.apache.james.mailbox.model.Quota;
import org.apache.james.mailbox.model.QuotaRoot;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;

/**
 * Maximum quotas (OpenJPA's cold tables), remembered per quota root: every APPEND, delivery and COPY checks them, and
 * reading them costs six queries. They change only through this manager (WebAdmin), which forgets them all at each
 * change, so a limit set applies from the next message on.
 */
public class CachedMaxQuotaManager extends JPAPerUserMaxQuotaManager {
    /** Quota roots remembered at most (one per box); past it the memory starts again. */
    static final int REMEMBERED = 10_000;

    private final Map<QuotaRoot, QuotaDetails> details = new ConcurrentHashMap<>();

    @Inject
    public CachedMaxQuotaManager(EntityManagerFactory entityManagerFactory, JPAPerUserMaxQuotaDAO dao) {
        super(entityManagerFactory, dao);
    }

    @Override
    public QuotaDetails quotaDetails(QuotaRoot quotaRoot) {
        QuotaDetails known = details.get(quotaRoot);
        if (known != null) {
            return known;
        }
        QuotaDetails read = new QuotaDetails(super.listMaxMessagesDetails(quotaRoot), super.listMaxStorageDetails(quotaRoot));
        remember(quotaRoot, read);
        return read;
    }

    @Override
    public Publisher<QuotaDetails> quotaDetailsReactive(QuotaRoot quotaRoot) {
        QuotaDetails known = details.get(quotaRoot);
        if (known != null) {
            return Mono.just(known);
        }
        return Mono.fromCallable(() -> quotaDetails(quotaRoot)).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
    }

    @Override
    public Map<Quota.Scope, QuotaCountLimit> listMaxMessagesDetails(QuotaRoot quotaRoot) {
        return quotaDetails(quotaRoot).getMaxMessageDetails();
    }

    @Override
    public Map<Quota.Scope, QuotaSizeLimit> listMaxStorageDetails(QuotaRoot quotaRoot) {
        return quotaDetails(quotaRoot).getMaxStorageDetails();
    }

    private void remember(QuotaRoot quotaRoot, QuotaDetails read) {
        if (details.size() >= REMEMBERED) {
            details.clear();
        }
        details.put(quotaRoot, read);
    }

    private void forget() {
        details.clear();
    }

    @Override
    public void setMaxStorage(QuotaRoot quotaRoot, QuotaSizeLimit limit) {
        super.setMaxStorage(quotaRoot, limit);
        forget();
    }

    @Override
    public Publisher<Void> setMaxStorageReactive(QuotaRoot quotaRoot, QuotaSizeLimit limit) {
        return Mono.from(super.setMaxStorageReactive(quotaRoot, limit)).doFinally(signal -> forget());
    }

    @Override
    public void setMaxMessage(QuotaRoot quotaRoot, QuotaCountLimit limit) {
        super.setMaxMessage(quotaRoot, limit);
        forget();
    }

    @Override
    public Publisher<Void> setMaxMessageReactive(QuotaRoot quotaRoot, QuotaCountLimit limit) {
        return Mono.from(super.setMaxMessageReactive(quotaRoot, limit)).doFinally(signal -> forget());
    }

    @Override
    public void setDomainMaxMessage(Domain domain, QuotaCountLimit limit) {
        super.setDomainMaxMessage(domain, limit);
        forget();
    }

    @Override
    public Publisher<Void> setDomainMaxMessageReactive(Domain domain, QuotaCountLimit limit) {
        return Mono.from(super.setDomainMaxMessageReactive(domain, limit)).doFinally(signal -> forget());
    }

    @Override
    public void setDomainMaxStorage(Domain domain, QuotaSizeLimit limit) {
        super.setDomainMaxStorage(domain, limit);
        forget();
    }

    @Override
    public Publisher<Void> setDomainMaxStorageReactive(Domain domain, QuotaSizeLimit limit) {
        return Mono.from(super.setDomainMaxStorageReactive(domain, limit)).doFinally(signal -> forget());
    }

    @Override
    public void removeDomainMaxMessage(Domain domain) {
        super.removeDomainMaxMessage(domain);
        forget();
    }

    @Override
    public Publisher<Void> removeDomainMaxMessageReactive(Domain domain) {
        return Mono.from(super.removeDomainMaxMessageReactive(domain)).doFinally(signal -> forget());
    }

    @Override
    public void removeDomainMaxStorage(Domain domain) {
        super.removeDomainMaxStorage(domain);
        forget();
    }

    @Override
    public Publisher<Void> removeDomainMaxStorageReactive(Domain domain) {
        return Mono.from(super.removeDomainMaxStorageReactive(domain)).doFinally(signal -> forget());
    }

    @Override
    public void removeMaxMessage(QuotaRoot quotaRoot) {
        super.removeMaxMessage(quotaRoot);
        forget();
    }

    @Override
    public Publisher<Void> removeMaxMessageReactive(QuotaRoot quotaRoot) {
        return Mono.from(super.removeMaxMessageReactive(quotaRoot)).doFinally(signal -> forget());
    }

    @Override
    public void setGlobalMaxStorage(QuotaSizeLimit limit) {
        super.setGlobalMaxStorage(limit);
        forget();
    }

    @Override
    public Publisher<Void> setGlobalMaxStorageReactive(QuotaSizeLimit limit) {
        return Mono.from(super.setGlobalMaxStorageReactive(limit)).doFinally(signal -> forget());
    }

    @Override
    public void removeGlobalMaxMessage() {
        super.removeGlobalMaxMessage();
        forget();
    }

    @Override
    public Publisher<Void> removeGlobalMaxMessageReactive() {
        return Mono.from(super.removeGlobalMaxMessageReactive()).doFinally(signal -> forget());
    }

    @Override
    public void setGlobalMaxMessage(QuotaCountLimit limit) {
        super.setGlobalMaxMessage(limit);
        forget();
    }

    @Override
    public Publisher<Void> setGlobalMaxMessageReactive(QuotaCountLimit limit) {
        return Mono.from(super.setGlobalMaxMessageReactive(limit)).doFinally(signal -> forget());
    }

    @Override
    public void removeMaxStorage(QuotaRoot quotaRoot) {
        super.removeMaxStorage(quotaRoot);
        forget();
    }

    @Override
    public Publisher<Void> removeMaxStorageReactive(QuotaRoot quotaRoot) {
        return Mono.from(super.removeMaxStorageReactive(quotaRoot)).doFinally(signal -> forget());
    }

    @Override
    public void removeGlobalMaxStorage() {
        super.removeGlobalMaxStorage();
        forget();
    }

    @Override
    public Publisher<Void> removeGlobalMaxStorageReactive() {
        return Mono.from(super.removeGlobalMaxStorageReactive()).doFinally(signal -> forget());
    }
}
