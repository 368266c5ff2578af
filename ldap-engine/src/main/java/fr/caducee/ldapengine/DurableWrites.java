package fr.caducee.ldapengine;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldif.LDIFChangeRecord;

/**
 * The one path every write takes, in process or over the listener: apply to memory and append to the journal
 * under one lock, so the journal order is the apply order, then wait for the fsync outside the lock, so that
 * concurrent writers share it. Nothing is acknowledged before its record is on disk.
 */
final class DurableWrites {

    /** An operation on the entry store; returns its outcome, or throws when refused. */
    @FunctionalInterface
    interface Operation<T> {
        T apply() throws LDAPException;
    }

    @FunctionalInterface
    interface Exclusive<T> {
        T run() throws IOException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Journal journal;

    DurableWrites(Journal journal) {
        this.journal = journal;
    }

    /**
     * Applies {@code operation}; when {@code applied} says it changed the directory, journals {@code change} and
     * returns only once it is durable.
     *
     * @throws LDAPException {@link ResultCode#UNAVAILABLE} when the journal failed or is closed (before applying),
     *                       or when the change was applied but could not be made durable
     */
    <T> T write(Operation<T> operation, Predicate<T> applied, Supplier<LDIFChangeRecord> change)
            throws LDAPException {
        T outcome;
        long sequence;
        lock.lock();
        try {
            if (journal.failed()) {
                throw unavailable("the directory journal is unusable; writes are refused until a restart", null);
            }
            outcome = operation.apply();
            if (!applied.test(outcome)) {
                return outcome;
            }
            sequence = journal.append(ChangeRecords.encode(change.get()));
        } catch (IOException e) {
            throw unavailable("the change was applied but could not be journaled", e);
        } finally {
            lock.unlock();
        }
        try {
            journal.awaitDurable(sequence);
        } catch (IOException e) {
            throw unavailable("the change was applied but could not be made durable", e);
        }
        return outcome;
    }

    /** Runs {@code action} with no write in progress: what it sees is a point between two journal records. */
    <T> T exclusively(Exclusive<T> action) throws IOException {
        lock.lock();
        try {
            return action.run();
        } finally {
            lock.unlock();
        }
    }

    /** Flushes and closes the journal once writes in progress are done; later writes are refused. */
    void close() throws IOException {
        exclusively(() -> {
            journal.close();
            return null;
        });
    }

    private static LDAPException unavailable(String message, Exception cause) {
        String detail = cause == null ? message : message + ": " + cause.getMessage();
        return new LDAPException(ResultCode.UNAVAILABLE, "Directory write refused: " + detail, cause);
    }
}
