package fr.caducee.webmail.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import fr.caducee.rules.Rule;
import fr.caducee.webmail.WebmailSettings;
import fr.caducee.webmail.fakes.InMemoryFactors;
import fr.caducee.testkit.MutableClock;
import fr.caducee.webmail.web.WebRefusal;

class LockoutTest {
    private static final String LOGIN = "146026322000196@patient.caducee.test";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T13:30:00Z"));
    private final InMemoryFactors store = new InMemoryFactors();
    private final WebmailSettings settings = new WebmailSettings("https://webmail.caducee.test", "Caducée",
        Duration.ofMinutes(15), Duration.ofHours(12), 1024, 3, Duration.ofMinutes(2), Duration.ofMinutes(10));
    private final Lockout lockout = new Lockout(store, settings, clock);

    @Test
    void anAddressIsLockedAfterTheConfiguredFailuresSayingWhenToTryAgainInFrench() throws WebRefusal {
        lockout.failed(LOGIN);
        lockout.failed(LOGIN);
        lockout.check(LOGIN);
        lockout.failed(LOGIN);

        WebRefusal refusal = catchThrowableOfType(() -> lockout.check(LOGIN), WebRefusal.class);

        assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_LOCKED_OUT);
        assertThat(refusal.status()).isEqualTo(429);
        // 13:30 UTC is 14:30 in Paris in December.
        assertThat(refusal.sentence()).contains("dans 2 minutes (à 14 h 32)");
        assertThat(refusal.login()).hasValue(LOGIN);
    }

    @Test
    void theLockEndsOnTime() {
        for (int i = 0; i < 3; i++) {
            lockout.failed(LOGIN);
        }
        clock.advance(Duration.ofMinutes(2));

        assertThatCode(() -> lockout.check(LOGIN)).doesNotThrowAnyException();
    }

    @Test
    void eachFurtherFailureDoublesTheLockUpToTheMaximum() {
        assertThat(lockout.length(0)).isEqualTo(Duration.ofMinutes(2));
        assertThat(lockout.length(1)).isEqualTo(Duration.ofMinutes(4));
        assertThat(lockout.length(2)).isEqualTo(Duration.ofMinutes(8));
        assertThat(lockout.length(3)).isEqualTo(Duration.ofMinutes(10));
        assertThat(lockout.length(1000)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aFailureAfterALockLocksForTwiceAsLong() {
        for (int i = 0; i < 3; i++) {
            lockout.failed(LOGIN);
        }
        clock.advance(Duration.ofMinutes(2));
        lockout.failed(LOGIN);

        assertThat(store.lockedUntil(LOGIN)).hasValue(clock.instant().plus(Duration.ofMinutes(4)));
    }

    @Test
    void aCompleteLoginForgetsTheFailures() {
        lockout.failed(LOGIN);
        lockout.failed(LOGIN);
        lockout.reset(LOGIN);
        lockout.failed(LOGIN);

        assertThat(store.failures(LOGIN)).isEqualTo(1);
        assertThatCode(() -> lockout.check(LOGIN)).doesNotThrowAnyException();
    }

    @Test
    void failuresADayOldAreForgotten() {
        lockout.failed(LOGIN);
        clock.advance(Duration.ofHours(25));
        lockout.failed("other@patient.caducee.test");

        assertThat(lockout.forgetQuiet()).isEqualTo(1);
        assertThat(store.failures(LOGIN)).isZero();
        assertThat(store.failures("other@patient.caducee.test")).isEqualTo(1);
    }

    @Test
    void theKeyIsTheAddressAsTypedWithoutBlanksNorCase() {
        assertThat(Lockout.key("  146026322000196@Patient.Caducee.test \n")).isEqualTo(LOGIN);
        assertThat(Lockout.key("x".repeat(300))).hasSize(254);
    }

    @Test
    void longWaitsAreSaidInHours() {
        Instant now = Instant.parse("2026-12-07T13:30:00Z");

        assertThat(Lockout.when(now, now.plusSeconds(20))).startsWith("dans une minute");
        assertThat(Lockout.when(now, now.plus(Duration.ofMinutes(60)))).startsWith("dans une heure (");
        assertThat(Lockout.when(now, now.plus(Duration.ofMinutes(125)))).startsWith("dans 2 heures et 5 minutes");
    }
}
