package fr.caducee.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.james.core.healthcheck.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.Pem;
import fr.caducee.trust.revocation.RevocationLists;
import reactor.core.publisher.Mono;

class RevocationListsHealthCheckTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final CertificateAuthority ROOT = CertificateAuthority.createRoot("IGC-Santé de test",
        NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(3650)));

    @TempDir
    Path folder;

    @Test
    void listsWithTheirNextUpdateToComeAreHealthy() throws Exception {
        RevocationLists lists = loaded(NOW.plus(Duration.ofDays(7)));

        assertThat(check(lists, NOW).isHealthy()).isTrue();
    }

    @Test
    void aListExpiringWithinADayIsDegradedWithTheDaysLeft() throws Exception {
        RevocationLists lists = loaded(NOW.plus(Duration.ofHours(12)));

        Result result = check(lists, NOW);

        assertThat(result.isDegraded()).isTrue();
        assertThat(result.getCause()).get().asString().contains("expiring within a day")
            .contains("CN=IGC-Santé de test").contains(NOW.plus(Duration.ofHours(12)).toString());
    }

    @Test
    void aListWhoseNextUpdatePassedIsUnhealthy() throws Exception {
        RevocationLists lists = loaded(NOW.plus(Duration.ofDays(2)));

        Result result = check(lists, NOW.plus(Duration.ofDays(3)));

        assertThat(result.isUnHealthy()).isTrue();
        assertThat(result.getCause()).get().asString().contains("1 of 1 revocation list(s)").contains("454 4.7.0");
    }

    @Test
    void aSourceThatNeverLoadedIsUnhealthyAndTheOthersAreToldWithTheirDays() throws Exception {
        Path good = folder.resolve("good.crl");
        Pem.writeRevocationList(good, ROOT.issueRevocationList(List.of(), NOW.minus(Duration.ofMinutes(1)),
            NOW.plus(Duration.ofDays(7))));
        RevocationLists lists = new RevocationLists(List.of(good.toString(), folder.resolve("missing.crl").toString()),
            List.of(ROOT.certificate()), Clock.fixed(NOW, ZoneOffset.UTC));
        lists.refreshNow();

        Result result = check(lists, NOW);

        assertThat(result.isUnHealthy()).isTrue();
        assertThat(result.getCause()).get().asString().contains("1 of 2").contains("next update in 7 day(s)");
    }

    @Test
    void anAnchorWithoutListIsDegraded() {
        RevocationLists lists = new RevocationLists(List.of(), List.of(ROOT.certificate()), Clock.fixed(NOW, ZoneOffset.UTC));

        Result result = check(lists, NOW);

        assertThat(result.isDegraded()).isTrue();
        assertThat(result.getCause()).get().asString().contains("no revocation list for the trust anchor")
            .contains("CN=IGC-Santé de test").contains("caducee.crl");
    }

    private RevocationLists loaded(Instant nextUpdate) throws Exception {
        Path file = folder.resolve("root.crl");
        Pem.writeRevocationList(file, ROOT.issueRevocationList(List.of(), NOW.minus(Duration.ofMinutes(1)), nextUpdate));
        RevocationLists lists = new RevocationLists(List.of(file.toString()), List.of(ROOT.certificate()),
            Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(lists.refreshNow()).isEmpty();
        return lists;
    }

    private static Result check(RevocationLists lists, Instant at) {
        return Mono.from(new RevocationListsHealthCheck(lists, Clock.fixed(at, ZoneOffset.UTC)).check()).block();
    }
}
