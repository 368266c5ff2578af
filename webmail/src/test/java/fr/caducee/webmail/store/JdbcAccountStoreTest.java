package fr.caducee.webmail.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

import fr.caducee.webmail.fakes.WebmailDatabase;
import fr.caducee.webmail.login.FactorStore;

class JdbcAccountStoreTest {
    @RegisterExtension
    static final WebmailDatabase DATABASE = new WebmailDatabase();
    private static final String PAUL = "146026322000196@patient.caducee.test";
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private JdbcAccountStore store;

    @BeforeEach
    void empty() throws Exception {
        DATABASE.empty();
        store = new JdbcAccountStore(DATABASE.dataSource());
    }

    @Test
    void anEnrolmentIsRecordedOnceWithItsRecoveryCodes() throws Exception {
        assertThat(store.enrolment(PAUL)).isEmpty();

        assertThat(store.enrol(PAUL, new byte[] {1, 2, 3}, 42, List.of("h1", "h2"), NOW)).isTrue();
        assertThat(store.enrol(PAUL, new byte[] {9}, 43, List.of("h3"), NOW)).isFalse();

        FactorStore.Enrolment enrolment = store.enrolment(PAUL).orElseThrow();
        assertThat(enrolment.sealedSecret()).containsExactly(1, 2, 3);
        assertThat(enrolment.lastStep()).isEqualTo(42);
        assertThat(enrolment.enrolled()).isEqualTo(NOW);
        assertThat(store.recoveryCodesLeft(PAUL)).isEqualTo(2);
        assertThat(DATABASE.text("SELECT count(*) FROM webmail_recovery_code WHERE code_hash = 'h3'")).isEqualTo("0");
    }

    @Test
    void anEnrolmentKeepsTheNotificationAddressSetBefore() {
        store.setNotifyAddress(PAUL, Optional.of("paul@example.org"));

        assertThat(store.enrol(PAUL, new byte[] {1}, 1, List.of(), NOW)).isTrue();

        assertThat(store.notifyAddress(PAUL)).hasValue("paul@example.org");
    }

    @Test
    void aStepIsSpentOnceAndNeverAnEarlierOne() {
        store.enrol(PAUL, new byte[] {1}, 42, List.of(), NOW);

        assertThat(store.spendStep(PAUL, 42)).isFalse();
        assertThat(store.spendStep(PAUL, 43)).isTrue();
        assertThat(store.spendStep(PAUL, 43)).isFalse();
        assertThat(store.spendStep(PAUL, 41)).isFalse();
        assertThat(store.spendStep("nobody@patient.caducee.test", 50)).isFalse();
    }

    @Test
    void twoRequestsWithTheSameCodeCannotBothPass() throws Exception {
        store.enrol(PAUL, new byte[] {1}, 42, List.of("h1"), NOW);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> attempts = java.util.stream.IntStream.range(0, 16)
                .mapToObj(i -> (Callable<Boolean>) () -> i % 2 == 0 ? store.spendStep(PAUL, 43)
                    : store.spendRecoveryCode(PAUL, "h1", NOW)).toList();
            long passed = 0;
            for (Future<Boolean> attempt : pool.invokeAll(attempts)) {
                passed += attempt.get() ? 1 : 0;
            }
            assertThat(passed).isEqualTo(2);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aRecoveryCodeIsSpentOnce() throws Exception {
        store.enrol(PAUL, new byte[] {1}, 1, List.of("h1", "h2"), NOW);

        assertThat(store.spendRecoveryCode(PAUL, "h1", NOW)).isTrue();
        assertThat(store.spendRecoveryCode(PAUL, "h1", NOW)).isFalse();
        assertThat(store.spendRecoveryCode(PAUL, "h9", NOW)).isFalse();
        assertThat(store.spendRecoveryCode("other@patient.caducee.test", "h2", NOW)).isFalse();
        assertThat(store.recoveryCodesLeft(PAUL)).isEqualTo(1);
        assertThat(DATABASE.text("SELECT used_at IS NOT NULL FROM webmail_recovery_code WHERE code_hash = 'h1'"))
            .isEqualTo("t");
    }

    @Test
    void failuresAreCountedLockedAndForgotten() {
        assertThat(store.failed("x@patient.caducee.test", NOW)).isEqualTo(1);
        assertThat(store.failed("x@patient.caducee.test", NOW)).isEqualTo(2);
        assertThat(store.lockedUntil("x@patient.caducee.test")).isEmpty();

        store.lock("x@patient.caducee.test", NOW.plusSeconds(60));
        assertThat(store.lockedUntil("x@patient.caducee.test")).hasValue(NOW.plusSeconds(60));

        store.reset("x@patient.caducee.test");
        assertThat(store.lockedUntil("x@patient.caducee.test")).isEmpty();
        assertThat(store.failed("x@patient.caducee.test", NOW)).isEqualTo(1);
    }

    @Test
    void quietFailuresAreForgottenButNotARunningLock() {
        store.failed("old@patient.caducee.test", NOW.minusSeconds(90_000));
        store.failed("locked@patient.caducee.test", NOW.minusSeconds(90_000));
        store.lock("locked@patient.caducee.test", NOW.plusSeconds(60));
        store.failed("recent@patient.caducee.test", NOW);

        assertThat(store.forgetQuietSince(NOW.minusSeconds(86_400))).isEqualTo(1);

        assertThat(store.failed("old@patient.caducee.test", NOW)).isEqualTo(1);
        assertThat(store.lockedUntil("locked@patient.caducee.test")).isPresent();
        assertThat(store.failed("recent@patient.caducee.test", NOW)).isEqualTo(2);
    }

    @Test
    void theNotificationAddressIsSetAndRemoved() {
        assertThat(store.notifyAddress(PAUL)).isEmpty();

        store.setNotifyAddress(PAUL.toUpperCase(), Optional.of("paul@example.org"));
        assertThat(store.notifyAddress(PAUL)).hasValue("paul@example.org");

        store.setNotifyAddress(PAUL, Optional.empty());
        assertThat(store.notifyAddress(PAUL)).isEmpty();
    }

    @Test
    void aLoginIsRemembered() throws Exception {
        store.enrol(PAUL, new byte[] {1}, 1, List.of(), NOW);

        store.loggedIn(PAUL, NOW.plusSeconds(5));

        assertThat(DATABASE.text("SELECT last_login = '2026-12-07T10:00:05Z' FROM webmail_account")).isEqualTo("t");
    }

    @Test
    void anUnreachableDatabaseIsAStoreExceptionCarryingTheConnectionFailure() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/caducee?connectTimeout=2");

        assertThatThrownBy(() -> new JdbcAccountStore(nowhere).enrolment(PAUL))
            .isInstanceOf(StoreException.class)
            .hasCauseInstanceOf(java.sql.SQLException.class)
            .satisfies(e -> assertThat(((java.sql.SQLException) e.getCause()).getSQLState()).startsWith("08"));
    }
}
