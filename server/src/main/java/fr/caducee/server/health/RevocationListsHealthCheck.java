package fr.caducee.server.health;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;

import fr.caducee.trust.revocation.RevocationLists;
import fr.caducee.trust.revocation.RevocationLists.RevocationList;
import reactor.core.publisher.Mono;

/**
 * The certificate revocation lists ({@code caducee.crl}) are in force: each list's nextUpdate still to come, with the
 * days left. Unhealthy when a source has no list in force (its nextUpdate passed with no newer list, or it never
 * loaded): peers certified by that CA are deferred ({@code 454 4.7.0}); degraded when a list expires within a day (its
 * CA is late to publish, or the refresh fails) or when a trust anchor has no list at all.
 */
public final class RevocationListsHealthCheck implements HealthCheck {
    static final ComponentName NAME = new ComponentName("RevocationLists");

    private final RevocationLists lists;
    private final Clock clock;

    @Inject
    public RevocationListsHealthCheck(RevocationLists lists) {
        this(lists, Clock.systemUTC());
    }

    RevocationListsHealthCheck(RevocationLists lists, Clock clock) {
        this.lists = lists;
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
        Instant now = clock.instant();
        List<RevocationList> inForce = new ArrayList<>(lists.inForce());
        inForce.removeIf(list -> list.crl().getNextUpdate().toInstant().isBefore(now));
        inForce.sort(Comparator.comparing(list -> list.crl().getNextUpdate()));
        List<String> days = inForce.stream().map(list -> issuer(list) + ": next update in "
            + Checks.daysLeft(now, list.crl().getNextUpdate().toInstant()) + " day(s), "
            + list.crl().getNextUpdate().toInstant()).toList();
        int missing = lists.sources().size() - inForce.size();
        if (missing > 0) {
            return Result.unhealthy(NAME, missing + " of " + lists.sources().size() + " revocation list(s) of "
                + "caducee.crl not in force (expired or never loaded): peers certified by their CAs are deferred "
                + "(454 4.7.0); see the log for the source that fails, and fetch a current list from its CA"
                + (days.isEmpty() ? "" : "; in force: " + String.join("; ", days)));
        }
        List<String> soon = inForce.stream()
            .filter(list -> Checks.daysLeft(now, list.crl().getNextUpdate().toInstant()) < 1)
            .map(list -> issuer(list) + " expires at " + list.crl().getNextUpdate().toInstant())
            .toList();
        if (!soon.isEmpty()) {
            return Result.degraded(NAME, "revocation list(s) expiring within a day: " + String.join("; ", soon)
                + ": its CA has not published a newer one yet, or the refresh fails (see the log); once expired, its "
                + "peers are deferred");
        }
        List<X509Certificate> without = lists.anchorsWithoutList();
        if (!without.isEmpty()) {
            return Result.degraded(NAME, "no revocation list for the trust anchor(s) "
                + without.stream().map(anchor -> anchor.getSubjectX500Principal().getName()).toList()
                + ": peers they certified are deferred (454 4.7.0); add each CA's CRL to caducee.crl"
                + (days.isEmpty() ? "" : "; in force: " + String.join("; ", days)));
        }
        // James's healthy result carries no cause: the days left are told when they matter.
        return Result.healthy(NAME);
    }

    private static String issuer(RevocationList list) {
        return list.crl().getIssuerX500Principal().getName();
    }
}
