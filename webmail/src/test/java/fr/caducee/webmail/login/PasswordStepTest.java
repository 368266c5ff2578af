package fr.caducee.webmail.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.caducee.rules.Rule;
import fr.caducee.webmail.WebmailSettings;
import fr.caducee.webmail.fakes.FakeAccounts;
import fr.caducee.webmail.fakes.InMemoryFactors;
import fr.caducee.testkit.MutableClock;
import fr.caducee.webmail.fakes.Patients;
import fr.caducee.webmail.web.Form;
import fr.caducee.webmail.web.WebRefusal;

class PasswordStepTest {
    private static final Duration FLOOR = Duration.ofMillis(300);
    private static final String PAUL = Patients.address(Patients.PAUL);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final InMemoryFactors store = new InMemoryFactors();
    private final FakeAccounts accounts = new FakeAccounts().add(Patients.PAUL, "une phrase assez longue");
    private final Lockout lockout = new Lockout(store, WebmailSettings.defaults("https://webmail.caducee.test"), clock);
    private final PasswordStep step = new PasswordStep(accounts, lockout, FLOOR);

    @Test
    void theRightPasswordIdentifiesThePatientWithKnowledgeProved() throws WebRefusal {
        LoginInProgress login = new LoginInProgress(clock.instant());

        step.submit(login, PasswordStep.PATH, input(" 146026322000196@Patient.caducee.test", "une phrase assez longue"));

        assertThat(login.patient()).isEqualTo(Patients.PAUL);
        assertThat(login.has(LoginInProgress.Factor.KNOWLEDGE)).isTrue();
        assertThat(login.complete()).isFalse();
        assertThat(step.done(login)).isTrue();
    }

    @Test
    void anUnknownAddressAMalformedOneAndAWrongPasswordGetTheSameAnswerNoSoonerThanTheFloor() {
        accounts.knownCheckTakes(100);
        for (String[] attempt : List.of(new String[] {PAUL, "pas le bon mot de passe"},
                new String[] {"999999999999999@patient.caducee.test", "une phrase assez longue"},
                new String[] {"pas une adresse", "une phrase assez longue"})) {
            long started = System.nanoTime();
            WebRefusal refusal = catchThrowableOfType(() -> step.submit(new LoginInProgress(clock.instant()),
                PasswordStep.PATH, input(attempt[0], attempt[1])), WebRefusal.class);
            long took = Duration.ofNanos(System.nanoTime() - started).toMillis();

            assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_LOGIN_FAILED);
            assertThat(refusal.sentence()).startsWith("Adresse ou mot de passe incorrect.");
            assertThat(took).as(attempt[0]).isBetween(FLOOR.toMillis(), FLOOR.toMillis() + 250);
        }
    }

    @Test
    void eachFailureCountsUnderTheAddressTypedAndTheRefusalNamesIt() {
        WebRefusal refusal = catchThrowableOfType(() -> step.submit(new LoginInProgress(clock.instant()),
            PasswordStep.PATH, input("Someone@Patient.caducee.test", "x")), WebRefusal.class);

        assertThat(refusal.login()).hasValue("someone@patient.caducee.test");
        assertThat(store.failures("someone@patient.caducee.test")).isEqualTo(1);
    }

    @Test
    void whileTheAddressIsLockedThePasswordIsNotEvenChecked() {
        store.lock(PAUL, clock.instant().plusSeconds(60));

        WebRefusal refusal = catchThrowableOfType(() -> step.submit(new LoginInProgress(clock.instant()),
            PasswordStep.PATH, input(PAUL, "une phrase assez longue")), WebRefusal.class);

        assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_LOCKED_OUT);
        assertThat(accounts.checks).hasValue(0);
    }

    @Test
    void aFormWithoutThePasswordIsRefusedAsIncomplete() {
        WebRefusal refusal = catchThrowableOfType(() -> step.submit(new LoginInProgress(clock.instant()),
            PasswordStep.PATH, new LoginStep.Input(Form.urlEncoded("adresse=" + PAUL), "127.0.0.1", null)),
            WebRefusal.class);

        assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_FORM_INVALID);
        assertThat(store.failures(PAUL)).isZero();
    }

    static LoginStep.Input input(String address, String password) {
        return new LoginStep.Input(FormsForTests.of(Map.of("adresse", address, "motdepasse", password)), "127.0.0.1",
            null);
    }
}
