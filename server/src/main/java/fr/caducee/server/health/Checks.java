package fr.caducee.server.health;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.Result;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** What the checks share: a probe that blocks runs off the health check's thread, within a time limit. */
final class Checks {
    private Checks() {
    }

    /**
     * Runs {@code probe} on a thread that may block; a probe that throws or overruns {@code limit} is unhealthy, with
     * {@code failure} followed by the reason.
     */
    static Mono<Result> blocking(ComponentName name, Duration limit, String failure, Callable<Result> probe) {
        return Mono.fromCallable(probe)
            .subscribeOn(Schedulers.boundedElastic())
            .timeout(limit)
            .onErrorResume(error -> Mono.just(Result.unhealthy(name, failure + reason(error, limit))));
    }

    private static String reason(Throwable error, Duration limit) {
        if (error instanceof TimeoutException) {
            return "no answer within " + limit.toMillis() + " ms";
        }
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }

    /** Whole days from now to {@code until}, rounded down; negative once passed. */
    static long daysLeft(java.time.Instant now, java.time.Instant until) {
        return Math.floorDiv(Duration.between(now, until).toHours(), 24);
    }
}
