package fr.caducee.domain.directory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Stream;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

/**
 * The {@link Directory} the server uses: reads through to the {@link DirectoryStore} and keeps the answers, absent
 * ones included (so that a dictionary attack on unknown addresses does not hammer the store).
 *
 * <p>Freshness: an answer is never older than {@code freshness}. After half of it, the next read returns the
 * cached answer and reloads it in the background, so an address in use is refreshed without a message ever
 * waiting on the store; an answer left unread for the whole period expires and the next read loads it. If a
 * background reload fails (store down), the cached answer is kept until it expires. Changes made through this
 * process are seen at once ({@link #forget}).
 */
public final class CachedDirectory implements Directory {

    private final DirectoryStore store;
    private final TrustedDomains trustedDomains;
    private final PasswordScheme passwords;
    private final LoadingCache<BoxAddress, Optional<Box>> boxes;
    private final LoadingCache<Ins, Optional<Patient>> patients;
    private final LoadingCache<IdNat, Optional<Professional>> professionals;
    private final LoadingCache<StructureId, Optional<Structure>> structures;
    private final LoadingCache<IdNat, List<Box>> boxesOf;
    private final LoadingCache<Ins, List<Patient>> represented;
    private final LoadingCache<BoxAddress, Optional<String>> passwordHashes;

    public CachedDirectory(DirectoryStore store, TrustedDomains trustedDomains, PasswordScheme passwords,
                           CacheSettings settings, Executor refreshExecutor, Ticker ticker) {
        this.store = Objects.requireNonNull(store, "store");
        this.trustedDomains = Objects.requireNonNull(trustedDomains, "trustedDomains");
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        Builder builder = new Builder(settings, refreshExecutor, ticker);
        this.boxes = builder.cache(store::box);
        this.patients = builder.cache(store::patient);
        this.professionals = builder.cache(store::professional);
        this.structures = builder.cache(store::structure);
        this.boxesOf = builder.cache(store::boxesOf);
        this.represented = builder.cache(store::representedBy);
        this.passwordHashes = builder.cache(store::passwordHash);
    }

    public CachedDirectory(DirectoryStore store, TrustedDomains trustedDomains, PasswordScheme passwords,
                           CacheSettings settings) {
        this(store, trustedDomains, passwords, settings, Runnable::run, Ticker.systemTicker());
    }

    /**
     * @param freshness      how old a cached answer may be; changes made elsewhere are seen within it
     * @param maximumEntries per kind of record; beyond it the least used answers are dropped
     */
    public record CacheSettings(Duration freshness, long maximumEntries) {
        public CacheSettings {
            if (freshness == null || freshness.isNegative() || freshness.toMillis() < 2) {
                throw new IllegalArgumentException("directory cache freshness must be at least 2 ms, was " + freshness);
            }
            if (maximumEntries < 1) {
                throw new IllegalArgumentException("directory cache size must be positive, was " + maximumEntries);
            }
        }
    }

    @Override
    public Optional<Box> findBox(BoxAddress address) {
        return boxes.get(address);
    }

    @Override
    public List<Box> boxesOf(IdNat idNat) {
        return boxesOf.get(idNat);
    }

    @Override
    public Optional<Professional> professional(IdNat idNat) {
        return professionals.get(idNat);
    }

    @Override
    public Optional<Structure> structure(StructureId id) {
        return structures.get(id);
    }

    @Override
    public Optional<Patient> patient(Ins ins) {
        return patients.get(ins);
    }

    @Override
    public Optional<Patient> patientAt(BoxAddress address) {
        return PatientAddress.of(address)
            .flatMap(patientAddress -> patient(patientAddress.ins())
                .filter(patient -> patient.address().equals(patientAddress)));
    }

    /**
     * The active patients the store records this patient as representing: a suspended box is opened by nobody.
     * Cached like the rest, so a representative removed elsewhere loses the box within the freshness; a change made
     * through this process is seen at once ({@link #forget(Ins)} of the representative).
     */
    @Override
    public List<Patient> representedBy(Ins representative) {
        return represented.get(representative).stream().filter(Patient::isActive).toList();
    }

    @Override
    public Optional<Account> account(BoxAddress login) {
        Optional<Account> patient = patientAt(login).map(Account.PatientBox::new);
        if (patient.isPresent() || PatientAddress.of(login).isPresent()) {
            return patient;
        }
        return findBox(login).map(Account.ProfessionalBox::new);
    }

    @Override
    public boolean mayWriteAs(BoxAddress login, BoxAddress address) {
        Optional<Account> account = account(login).filter(Account::active);
        if (account.isEmpty()) {
            return false;
        }
        if (login.equals(address)) {
            return true;
        }
        if (!(account.get() instanceof Account.ProfessionalBox own)) {
            return false;
        }
        // Only a box held by one professional speaks for that professional; an ORG or APP login is the box alone.
        Optional<IdNat> professional = own.box().professional();
        return professional.isPresent()
            && findBox(address).filter(Box::isActive).filter(box -> box.usableBy(professional.get())).isPresent();
    }

    @Override
    public boolean isTrustedDomain(String domain) {
        return trustedDomains.isTrusted(domain);
    }

    @Override
    public boolean authenticate(BoxAddress login, String password) {
        if (password == null || password.isEmpty() || account(login).filter(Account::active).isEmpty()) {
            return false;
        }
        return passwordHashes.get(login).filter(hash -> passwords.verify(password, hash)).isPresent();
    }

    /** Hits, misses and evictions of every kind of record together, since the start (for the server's metrics). */
    public CacheStats stats() {
        return Stream.of(boxes, patients, professionals, structures, boxesOf, represented, passwordHashes)
            .map(LoadingCache::stats)
            .reduce(CacheStats.empty(), CacheStats::plus);
    }

    @Override
    public void forget(BoxAddress... addresses) {
        for (BoxAddress address : addresses) {
            boxes.invalidate(address);
            passwordHashes.invalidate(address);
            PatientAddress.of(address).ifPresent(patient -> forget(patient.ins()));
        }
        // Membership lists are keyed by professional; a box change may alter several of them.
        boxesOf.invalidateAll();
    }

    @Override
    public void forget(IdNat idNat) {
        professionals.invalidate(idNat);
        boxesOf.invalidate(idNat);
    }

    /** Forgets everything, after a bulk change (an import). */
    public void forgetAll() {
        boxes.invalidateAll();
        patients.invalidateAll();
        professionals.invalidateAll();
        structures.invalidateAll();
        boxesOf.invalidateAll();
        passwordHashes.invalidateAll();
        represented.invalidateAll();
    }

    @Override
    public void forget(StructureId id) {
        structures.invalidate(id);
    }

    @Override
    public void forget(Ins ins) {
        patients.invalidate(ins);
        represented.invalidate(ins);
    }

    private static final class Builder {
        private final CacheSettings settings;
        private final Executor executor;
        private final Ticker ticker;

        Builder(CacheSettings settings, Executor executor, Ticker ticker) {
            this.settings = Objects.requireNonNull(settings, "settings");
            this.executor = Objects.requireNonNull(executor, "executor");
            this.ticker = Objects.requireNonNull(ticker, "ticker");
        }

        <K, V> LoadingCache<K, V> cache(Function<K, V> loader) {
            return Caffeine.newBuilder()
                .maximumSize(settings.maximumEntries())
                .expireAfterWrite(settings.freshness())
                .refreshAfterWrite(settings.freshness().dividedBy(2))
                .executor(executor)
                .ticker(ticker)
                .recordStats()
                .build(loader::apply);
        }
    }
}
