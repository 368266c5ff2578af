package fr.caducee.webmail.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.caducee.rules.Rule;
import fr.caducee.webmail.WebmailSettings;
import fr.caducee.webmail.fakes.InMemoryFactors;
import fr.caducee.testkit.MutableClock;
import fr.caducee.webmail.fakes.Patients;
import fr.caducee.webmail.fakes.RecordingAudit;
import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.WebRefusal;

class TotpStepTest {
    private static final String PAUL = Patients.address(Patients.PAUL);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final InMemoryFactors store = new InMemoryFactors();
    private final RecordingAudit audit = new RecordingAudit();
    private final WebmailSettings settings = WebmailSettings.defaults("https://webmail.caducee.test");
    private final SecretSeal seal = new SecretSeal(new SecretKeySpec(new byte[32], "AES"));
    private final Lockout lockout = new Lockout(store, settings, clock);
    private final TotpStep step = new TotpStep(store, seal, lockout, audit, settings, clock);
    private LoginInProgress login;

    @BeforeEach
    void passwordChecked() {
        login = new LoginInProgress(clock.instant());
        login.identified(Patients.PAUL, PAUL, LoginInProgress.Factor.KNOWLEDGE, "password");
    }

    @Test
    void aPatientWithoutAppIsSentToEnrolmentWhichShowsTheSameSecretUntilConfirmed() throws WebRefusal {
        assertThat(step.path(login)).isEqualTo(TotpStep.ENROLMENT);
        assertThat(step.show(login, TotpStep.CODE)).isEqualTo(Answer.Redirect.to(TotpStep.ENROLMENT));

        Answer.Page first = (Answer.Page) step.show(login, TotpStep.ENROLMENT);
        Answer.Page again = (Answer.Page) step.show(login, TotpStep.ENROLMENT);

        assertThat(first.template()).isEqualTo("enrolement");
        assertThat((String) first.variables().get("secret")).matches("([A-Z2-7]{4} ){7}[A-Z2-7]{4}");
        assertThat(again.variables().get("secret")).isEqualTo(first.variables().get("secret"));
        assertThat(first.variables().get("account")).isEqualTo("Paul D.");
        assertThat(login.enrolmentSecret()).hasSize(20);
    }

    @Test
    void aCodeOfTheAppConfirmsTheEnrolmentSealsTheSecretAndMakesTenRecoveryCodes() throws WebRefusal {
        step.show(login, TotpStep.ENROLMENT);
        byte[] secret = login.enrolmentSecret();

        step.submit(login, TotpStep.ENROLMENT, input(Totp.code(secret, Totp.step(clock.instant()))));

        assertThat(login.has(LoginInProgress.Factor.POSSESSION)).isTrue();
        assertThat(login.complete()).isTrue();
        assertThat(login.recoveryCodes()).hasSize(10);
        assertThat(login.enrolmentSecret()).isNull();
        FactorStore.Enrolment enrolment = store.enrolment(PAUL).orElseThrow();
        assertThat(seal.open(PAUL, enrolment.sealedSecret())).isEqualTo(secret);
        assertThat(enrolment.lastStep()).isEqualTo(Totp.step(clock.instant()));
        assertThat(store.recoveryCodesLeft(PAUL)).isEqualTo(10);
        assertThat(audit.of(Rule.WEBMAIL_FACTOR_ENROLLED)).singleElement()
            .satisfies(record -> assertThat(record.login()).isEqualTo(PAUL));
        assertThat(step.path(login)).isEqualTo(TotpStep.CODE);
    }

    @Test
    void aWrongEnrolmentCodeIsRefusedAndCounted() {
        step.show(login, TotpStep.ENROLMENT);

        WebRefusal refusal = catchThrowableOfType(() -> step.submit(login, TotpStep.ENROLMENT, input("000000")),
            WebRefusal.class);

        assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_SECOND_FACTOR_FAILED);
        assertThat(store.enrolment(PAUL)).isEmpty();
        assertThat(store.failures(PAUL)).isEqualTo(1);
    }

    @Test
    void anEnrolledPatientCannotEnrolAnotherAppBehindTheFirstOnesBack() throws WebRefusal {
        byte[] secret = enrolled();
        LoginInProgress intruder = new LoginInProgress(clock.instant());
        intruder.identified(Patients.PAUL, PAUL, LoginInProgress.Factor.KNOWLEDGE, "password");

        assertThat(step.show(intruder, TotpStep.ENROLMENT)).isEqualTo(Answer.Redirect.to(TotpStep.CODE));
        intruder.enrolmentSecret(new byte[20]);
        WebRefusal refusal = catchThrowableOfType(() -> step.submit(intruder, TotpStep.ENROLMENT,
            input(Totp.code(new byte[20], Totp.step(clock.instant())))), WebRefusal.class);

        assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_SECOND_FACTOR_FAILED);
        assertThat(seal.open(PAUL, store.enrolment(PAUL).orElseThrow().sealedSecret())).isEqualTo(secret);
    }

    @Test
    void aCodeIsAcceptedOnceAndTheNextStepsCodeAgain() throws WebRefusal {
        byte[] secret = enrolled();
        clock.advance(Duration.ofSeconds(30));
        String code = Totp.code(secret, Totp.step(clock.instant()));

        step.submit(login(), TotpStep.CODE, input(code));
        WebRefusal replay = catchThrowableOfType(() -> step.submit(login(), TotpStep.CODE, input(code)),
            WebRefusal.class);
        clock.advance(Duration.ofSeconds(30));
        step.submit(login(), TotpStep.CODE, input(Totp.code(secret, Totp.step(clock.instant()))));

        assertThat(replay.rule()).isEqualTo(Rule.WEBMAIL_SECOND_FACTOR_FAILED);
        assertThat(replay.login()).hasValue(PAUL);
    }

    @Test
    void aRecoveryCodeOpensOneLoginAndIsAudited() throws WebRefusal {
        enrolled();
        String recovery = login.recoveryCodes().get(3);
        LoginInProgress first = login();

        step.submit(first, TotpStep.CODE, input(recovery.toLowerCase()));
        WebRefusal again = catchThrowableOfType(() -> step.submit(login(), TotpStep.CODE, input(recovery)),
            WebRefusal.class);

        assertThat(first.proofs()).isEqualTo("password + recovery code");
        assertThat(again.rule()).isEqualTo(Rule.WEBMAIL_SECOND_FACTOR_FAILED);
        assertThat(store.recoveryCodesLeft(PAUL)).isEqualTo(9);
        assertThat(audit.of(Rule.WEBMAIL_RECOVERY_CODE_USED)).singleElement()
            .satisfies(record -> assertThat(record.reason()).isEqualTo("9 recovery codes left"));
    }

    @Test
    void whileLockedNoCodeIsChecked() throws WebRefusal {
        byte[] secret = enrolled();
        clock.advance(Duration.ofSeconds(30));
        store.lock(PAUL, clock.instant().plusSeconds(60));

        WebRefusal refusal = catchThrowableOfType(() -> step.submit(login(), TotpStep.CODE,
            input(Totp.code(secret, Totp.step(clock.instant())))), WebRefusal.class);

        assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_LOCKED_OUT);
        assertThat(store.enrolment(PAUL).orElseThrow().lastStep()).isEqualTo(Totp.step(clock.instant()) - 1);
    }

    @Test
    void theUriIsTheKeyUriFormatWithoutTheAddress() {
        String uri = step.uri(new byte[20], "Paul D.");

        assertThat(uri).isEqualTo("otpauth://totp/Caduc%C3%A9e:Paul%20D.?secret=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            + "&issuer=Caduc%C3%A9e&algorithm=SHA1&digits=6&period=30");
    }

    /** Paul enrols an app; answers its secret. */
    private byte[] enrolled() throws WebRefusal {
        step.show(login, TotpStep.ENROLMENT);
        byte[] secret = login.enrolmentSecret();
        step.submit(login, TotpStep.ENROLMENT, input(Totp.code(secret, Totp.step(clock.instant()))));
        return secret;
    }

    private LoginInProgress login() {
        LoginInProgress next = new LoginInProgress(clock.instant());
        next.identified(Patients.PAUL, PAUL, LoginInProgress.Factor.KNOWLEDGE, "password");
        return next;
    }

    private static LoginStep.Input input(String code) {
        return new LoginStep.Input(FormsForTests.of(Map.of("code", code)), "127.0.0.1", "5e55");
    }
}
