package fr.caducee.domain.importing;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

import fr.caducee.domain.identifier.IdNat;

/**
 * Settings of an import.
 *
 * @param threads               writers applying lines to the directory in parallel, 1 to 64 (default 4); a remote
 *                              LDAP store with a few milliseconds per write gains from more
 * @param defaultOrgResponsible extract import only: responsible professional given to a new ORG box whose line names
 *                              no professional (the extract has no responsible column); must already be in the
 *                              directory. Without it such lines are rejected
 * @param maxKeptRejections     rejections kept in the report (default 10,000); the listener gets all of them
 * @param listener              told of each rejection as it happens
 * @param clock                 dates the boxes the extract creates, and LDIF patients without a creation date
 */
public record ImportOptions(int threads, Optional<IdNat> defaultOrgResponsible, int maxKeptRejections,
                            ImportListener listener, Clock clock) {

    public static final int DEFAULT_THREADS = 4;
    public static final int MAX_THREADS = 64;
    public static final int DEFAULT_MAX_KEPT_REJECTIONS = 10_000;

    public ImportOptions {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be between 1 and " + MAX_THREADS + ", got " + threads);
        }
        if (maxKeptRejections < 0) {
            throw new IllegalArgumentException("maxKeptRejections must not be negative, got " + maxKeptRejections);
        }
        defaultOrgResponsible = Objects.requireNonNullElse(defaultOrgResponsible, Optional.empty());
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(clock, "clock");
    }

    public static ImportOptions defaults() {
        return new ImportOptions(DEFAULT_THREADS, Optional.empty(), DEFAULT_MAX_KEPT_REJECTIONS, ImportListener.NONE,
                Clock.systemUTC());
    }

    public ImportOptions withThreads(int count) {
        return new ImportOptions(count, defaultOrgResponsible, maxKeptRejections, listener, clock);
    }

    public ImportOptions withDefaultOrgResponsible(IdNat responsible) {
        return new ImportOptions(threads, Optional.of(responsible), maxKeptRejections, listener, clock);
    }

    public ImportOptions withMaxKeptRejections(int max) {
        return new ImportOptions(threads, defaultOrgResponsible, max, listener, clock);
    }

    public ImportOptions withListener(ImportListener newListener) {
        return new ImportOptions(threads, defaultOrgResponsible, maxKeptRejections, newListener, clock);
    }

    public ImportOptions withClock(Clock newClock) {
        return new ImportOptions(threads, defaultOrgResponsible, maxKeptRejections, listener, newClock);
    }

    ReportBuilder newReport() {
        return new ReportBuilder(maxKeptRejections, listener);
    }
}
