package fr.caducee.webmail.fakes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import fr.caducee.webmail.login.FactorStore;
import fr.caducee.webmail.login.LockoutStore;

/** The webmail's tables in memory, for the login classes' unit tests (JdbcAccountStoreTest covers the real ones). */
public final class InMemoryFactors implements FactorStore, LockoutStore {
    private final Map<String, Enrolment> enrolments = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Boolean>> codes = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, Instant> locks = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastFailures = new ConcurrentHashMap<>();
    public final Map<String, Instant> logins = new ConcurrentHashMap<>();

    @Override
    public Optional<Enrolment> enrolment(String patient) {
        return Optional.ofNullable(enrolments.get(patient));
    }

    @Override
    public synchronized boolean enrol(String patient, byte[] sealedSecret, long step, List<String> codeHashes,
                                      Instant at) {
        if (enrolments.containsKey(patient)) {
            return false;
        }
        enrolments.put(patient, new Enrolment(sealedSecret, step, at));
        Map<String, Boolean> unspent = new ConcurrentHashMap<>();
        codeHashes.forEach(hash -> unspent.put(hash, true));
        codes.put(patient, unspent);
        return true;
    }

    @Override
    public synchronized boolean spendStep(String patient, long step) {
        Enrolment enrolment = enrolments.get(patient);
        if (enrolment == null || enrolment.lastStep() >= step) {
            return false;
        }
        enrolments.put(patient, new Enrolment(enrolment.sealedSecret(), step, enrolment.enrolled()));
        return true;
    }

    @Override
    public synchronized boolean spendRecoveryCode(String patient, String codeHash, Instant at) {
        Map<String, Boolean> unspent = codes.getOrDefault(patient, Map.of());
        return Boolean.TRUE.equals(unspent.replace(codeHash, false));
    }

    @Override
    public int recoveryCodesLeft(String patient) {
        return (int) codes.getOrDefault(patient, Map.of()).values().stream().filter(unspent -> unspent).count();
    }

    @Override
    public void loggedIn(String patient, Instant at) {
        logins.put(patient, at);
    }

    @Override
    public int failed(String login, Instant at) {
        lastFailures.put(login, at);
        return failures.merge(login, 1, Integer::sum);
    }

    @Override
    public void lock(String login, Instant until) {
        locks.put(login, until);
    }

    @Override
    public Optional<Instant> lockedUntil(String login) {
        return Optional.ofNullable(locks.get(login));
    }

    @Override
    public void reset(String login) {
        failures.remove(login);
        locks.remove(login);
        lastFailures.remove(login);
    }

    @Override
    public int forgetQuietSince(Instant since) {
        int forgotten = 0;
        for (String login : List.copyOf(lastFailures.keySet())) {
            Instant lock = locks.get(login);
            if (lastFailures.get(login).isBefore(since) && (lock == null || lock.isBefore(since))) {
                reset(login);
                forgotten++;
            }
        }
        return forgotten;
    }

    public int failures(String login) {
        return failures.getOrDefault(login, 0);
    }
}
