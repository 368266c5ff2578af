package fr.caducee.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.apache.james.core.healthcheck.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.server.TlsMaterial;
import fr.caducee.server.smime.OperatorSignature;
import fr.caducee.server.tls.TlsFixture;
import reactor.core.publisher.Mono;

class CertificatesHealthCheckTest {
    private static final OperatorSignature UNSIGNED = new OperatorSignature(Optional.empty(), false);

    @TempDir
    Path folder;

    @Test
    void aCertificateWithMoreThanSixtyDaysLeftIsHealthy() throws Exception {
        TlsFixture fixture = new TlsFixture(folder);

        assertThat(check(fixture.material(), Instant.now()).isHealthy()).isTrue();
    }

    @Test
    void aCertificateExpiringWithinSixtyDaysIsDegradedWithTheDaysLeftAndWhatToDo() throws Exception {
        TlsFixture fixture = new TlsFixture(folder);
        fixture.writeServerKeystore(Duration.ofDays(30).plusHours(2));
        TlsMaterial tls = fixture.material();

        Result result = check(tls, Instant.now());

        assertThat(result.isDegraded()).isTrue();
        assertThat(result.getCause()).get().asString().contains("the server certificate").contains("CN=localhost")
            .contains("expires in 30 day(s)").contains(tls.certificate().getSerialNumber().toString(16))
            .contains("caducee reload");
    }

    @Test
    void anExpiredCertificateIsUnhealthy() throws Exception {
        TlsMaterial tls = new TlsFixture(folder).material();

        Result result = check(tls, tls.certificate().getNotAfter().toInstant().plus(Duration.ofDays(1)));

        assertThat(result.isUnHealthy()).isTrue();
        assertThat(result.getCause()).get().asString().contains("expired on");
    }

    private static Result check(TlsMaterial tls, Instant at) {
        return Mono.from(new CertificatesHealthCheck(tls, UNSIGNED, Clock.fixed(at, ZoneOffset.UTC)).check()).block();
    }
}
