package fr.caducee.server.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.trust.whitelist.RefreshOutcome;
import fr.caducee.trust.whitelist.Whitelist;
import fr.caducee.trust.whitelist.WhitelistRefresher;
import reactor.core.publisher.Mono;

/**
 * The national whitelist (liste blanche) in force is recent: every successful refresh installs the list read, so its
 * age is the time since the source was last read successfully. Unhealthy when no list is in force (mail to and from
 * every other operator is refused); degraded when the list in force is older than twice the refresh period
 * ({@code caducee.whitelist.refreshSeconds}): refreshes fail, and domains added or removed since are not known.
 */
public final class WhitelistHealthCheck implements HealthCheck {
    static final ComponentName NAME = new ComponentName("Whitelist");

    private final WhitelistRefresher whitelist;
    private final Duration maxAge;
    private final Clock clock;

    @Inject
    public WhitelistHealthCheck(WhitelistRefresher whitelist, Settings settings) {
        this(whitelist, Duration.ofSeconds(2 * settings.number(Setting.WHITELIST_REFRESH_SECONDS, 1, Long.MAX_VALUE / 2)),
            Clock.systemUTC());
    }

    WhitelistHealthCheck(WhitelistRefresher whitelist, Duration maxAge, Clock clock) {
        this.whitelist = whitelist;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public ComponentName componentName() {
        return NAME;
    }

    @Override
    public Publisher<Result> check() {
        return Mono.fromSupplier(this::judge);
    }

    private Result judge() {
        Whitelist list = whitelist.current();
        String lastFailure = whitelist.lastRefusal()
            .filter(refusal -> !refusal.time().isBefore(list.loadedAt()))
            .map(RefreshOutcome::reason)
            .map(reason -> "; last refresh refused: " + reason)
            .orElse("");
        if (list.size() == 0) {
            return Result.unhealthy(NAME, "no whitelist in force (" + list.source() + "): mail to and from other "
                + "operators is refused until one loads; check caducee.whitelist and its source" + lastFailure);
        }
        Instant now = clock.instant();
        Duration age = Duration.between(list.loadedAt(), now);
        if (age.compareTo(maxAge) > 0) {
            return Result.degraded(NAME, "the whitelist in force was read from " + list.source() + " "
                + age.toHours() + " hour(s) ago (" + list.loadedAt() + ", generated "
                + list.generatedAt().map(Object::toString).orElse("at an unknown date") + "), more than twice the "
                + "refresh period: domains added or removed since are not known; check the source and the log, then "
                + "POST /directory/whitelist/refresh" + lastFailure);
        }
        return Result.healthy(NAME);
    }
}
