package fr.caducee.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.apache.james.core.healthcheck.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.trust.whitelist.WhitelistRefresher;
import reactor.core.publisher.Mono;

class WhitelistHealthCheckTest {
    /** The development list shipped with the configuration. */
    private static final Path DEVELOPMENT_LIST = Path.of("..", "james-config", "liste-blanche.xml");

    @TempDir
    Path folder;

    @Test
    void aListReadWithinTwiceTheRefreshPeriodIsHealthy() {
        WhitelistRefresher refresher = new WhitelistRefresher(DEVELOPMENT_LIST.toString(), null, null);
        assertThat(refresher.refreshNow().success()).isTrue();

        assertThat(check(refresher, Duration.ofHours(2), Instant.now()).isHealthy()).isTrue();
    }

    @Test
    void aListOlderThanTwiceTheRefreshPeriodIsDegradedWithItsAge() {
        WhitelistRefresher refresher = new WhitelistRefresher(DEVELOPMENT_LIST.toString(), null, null);
        assertThat(refresher.refreshNow().success()).isTrue();

        Result result = check(refresher, Duration.ofHours(2), Instant.now().plus(Duration.ofHours(5)));

        assertThat(result.isDegraded()).isTrue();
        assertThat(result.getCause()).get().asString().contains("5 hour(s) ago").contains("liste-blanche.xml")
            .contains("POST /directory/whitelist/refresh");
    }

    @Test
    void noListInForceIsUnhealthyWithTheReasonOfTheLastRefusal() {
        WhitelistRefresher refresher = new WhitelistRefresher(folder.resolve("absent.xml").toString(), null, null);
        assertThat(refresher.refreshNow().success()).isFalse();

        Result result = check(refresher, Duration.ofHours(2), Instant.now());

        assertThat(result.isUnHealthy()).isTrue();
        assertThat(result.getCause()).get().asString().contains("no whitelist in force")
            .contains("last refresh refused").contains("absent.xml");
    }

    private static Result check(WhitelistRefresher refresher, Duration maxAge, Instant at) {
        return Mono.from(new WhitelistHealthCheck(refresher, maxAge, Clock.fixed(at, ZoneOffset.UTC)).check()).block();
    }
}
