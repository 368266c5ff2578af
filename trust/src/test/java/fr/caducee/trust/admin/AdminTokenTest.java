package fr.caducee.trust.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.james.jwt.JwtTokenVerifier;
import org.junit.jupiter.api.Test;

class AdminTokenTest {
    static final KeyPair OPERATOR = rsa();
    static final KeyPair OTHER = rsa();

    final JwtTokenVerifier verifier = new JwtTokenVerifier(() -> List.of(OPERATOR.getPublic()));

    @Test
    void aMintedTokenIsAcceptedByJamesVerifierWithItsSubjectAndTheAdminClaim() {
        String token = AdminToken.mint(OPERATOR.getPrivate(), "exploitant", Instant.now(), Duration.ofMinutes(5));

        assertThat(verifier.verifyAndExtractLogin(token)).contains("exploitant");
        assertThat(verifier.hasAttribute("admin", true, token)).isTrue();
        assertThat(verifier.verifyAndExtractClaim(token, "exp", Object.class)).isPresent();
    }

    @Test
    void aTokenSignedByAnotherKeyIsNotAccepted() {
        String token = AdminToken.mint(OTHER.getPrivate(), "exploitant", Instant.now(), Duration.ofMinutes(5));

        assertThat(verifier.verifyAndExtractLogin(token)).isEmpty();
    }

    @Test
    void anExpiredTokenIsNotAccepted() {
        String token = AdminToken.mint(OPERATOR.getPrivate(), "exploitant", Instant.now().minus(Duration.ofHours(1)),
            Duration.ofMinutes(5));

        assertThat(verifier.verifyAndExtractLogin(token)).isEmpty();
    }

    @Test
    void aLifetimeBeyondADayOrASubjectThatCouldBreakTheJsonIsRefused() {
        assertThatThrownBy(() -> AdminToken.mint(OPERATOR.getPrivate(), "exploitant", Instant.now(), Duration.ofHours(25)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24 hours");
        assertThatThrownBy(() -> AdminToken.mint(OPERATOR.getPrivate(), "x\",\"admin\":false", Instant.now(),
            Duration.ofMinutes(5)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
    }

    @Test
    void aMetricsTokenCarriesTheMetricsScopeAndNoAdminClaim() {
        String token = AdminToken.mintMetrics(OPERATOR.getPrivate(), "prometheus", Instant.now(), Duration.ofDays(365));

        assertThat(verifier.verifyAndExtractLogin(token)).contains("prometheus");
        assertThat(verifier.hasAttribute("scope", "metrics", token)).isTrue();
        assertThat(verifier.hasAttribute("admin", true, token)).isFalse();
        assertThat(verifier.verifyAndExtractClaim(token, "exp", Long.class))
            .hasValueSatisfying(exp -> assertThat(exp - Instant.now().getEpochSecond())
                .isBetween(Duration.ofDays(365).toSeconds() - 60, Duration.ofDays(365).toSeconds()));
    }

    @Test
    void aMetricsTokenMayLiveUpTo400DaysAndNoLonger() {
        assertThat(AdminToken.mintMetrics(OPERATOR.getPrivate(), "prometheus", Instant.now(), Duration.ofDays(400)))
            .isNotBlank();
        assertThatThrownBy(() -> AdminToken.mintMetrics(OPERATOR.getPrivate(), "prometheus", Instant.now(),
            Duration.ofDays(401)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("400 days");
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
