package fr.caducee.server.health;

import java.time.Duration;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;

import fr.caducee.domain.directory.store.DirectoryStore;

/**
 * The directory store answers: one box read from the store itself, not the cache (which would answer for a while
 * after the store went away). Unhealthy when it fails or takes longer than {@link #LIMIT}: logins and the trust-space
 * rules then answer "try later".
 */
public final class DirectoryHealthCheck implements HealthCheck {
    static final ComponentName NAME = new ComponentName("Directory");
    static final Duration LIMIT = Duration.ofSeconds(3);

    private final DirectoryStore store;
    private final Duration limit;

    @Inject
    public DirectoryHealthCheck(DirectoryStore store) {
        this(store, LIMIT);
    }

    DirectoryHealthCheck(DirectoryStore store, Duration limit) {
        this.store = store;
        this.limit = limit;
    }

    @Override
    public ComponentName componentName() {
        return NAME;
    }

    @Override
    public Publisher<Result> check() {
        return Checks.blocking(NAME, limit, "the directory store does not answer (logins and mail are deferred until it "
            + "does; check the LDAP server, caducee.directory.* settings and the log): ", () -> {
                store.boxes(Optional.empty(), 1);
                return Result.healthy(NAME);
            });
    }
}
