package fr.caducee.webmail.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.rules.Rule;
import fr.caducee.webmail.WebmailSettings;
import fr.caducee.testkit.MutableClock;
import fr.caducee.webmail.fakes.Patients;
import fr.caducee.webmail.fakes.RecordingAudit;
import fr.caducee.webmail.login.LoginInProgress;
import fr.caducee.webmail.web.WebRefusal;

class SessionsTest {
    private static final String PAUL = Patients.address(Patients.PAUL);
    private static final Binding FIREFOX = Binding.of("Mozilla/5.0 Firefox/128.0", "192.0.2.1");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final RecordingAudit audit = new RecordingAudit();
    private final Sessions sessions = new Sessions(WebmailSettings.defaults("https://webmail.caducee.test"), audit,
        clock);

    @Test
    void anOpenSessionIsFoundByItsCookieAndIsOpen() throws WebRefusal {
        Sessions.Started started = sessions.open(PAUL, FIREFOX, null);

        assertThat(started.cookie()).matches("[A-Za-z0-9_-]{43}");
        assertThat(sessions.find(started.cookie(), FIREFOX)).contains(started.session());
        assertThat(started.session().open()).isTrue();
        assertThat(started.session().csrf()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(started.cookie());
        assertThat(started.session().auditId()).doesNotContain(started.cookie());
    }

    @Test
    void aCookieOfNoSessionFindsNothing() throws WebRefusal {
        sessions.open(PAUL, FIREFOX, null);

        assertThat(sessions.find(SessionCookie.newValue(), FIREFOX)).isEmpty();
    }

    @Test
    void aSessionUnusedForTheIdleTimeoutEndsWhenNextSeenAndIsAudited() throws WebRefusal {
        Sessions.Started started = sessions.open(PAUL, FIREFOX, null);
        clock.advance(Duration.ofMinutes(14));
        sessions.find(started.cookie(), FIREFOX);
        clock.advance(Duration.ofMinutes(15));

        WebRefusal refusal = catchThrowableOfType(() -> sessions.find(started.cookie(), FIREFOX), WebRefusal.class);

        assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_SESSION_EXPIRED);
        assertThat(refusal.sentence()).contains("15 minutes sans activité");
        assertThat(sessions.count()).isZero();
        AuditRecord ended = audit.of(Rule.WEBMAIL_LOGGED_OUT).get(0);
        assertThat(ended.reason()).isEqualTo("idle timeout");
        assertThat(ended.login()).isEqualTo(PAUL);
        assertThat(ended.via()).isEqualTo("webmail");
    }

    @Test
    void aSessionEndsAfterItsMaximumWhateverHappens() throws WebRefusal {
        Sessions.Started started = sessions.open(PAUL, FIREFOX, null);
        for (int i = 0; i < 12 * 6; i++) {
            clock.advance(Duration.ofMinutes(10));
            if (i < 12 * 6 - 1) {
                sessions.find(started.cookie(), FIREFOX);
            }
        }

        WebRefusal refusal = catchThrowableOfType(() -> sessions.find(started.cookie(), FIREFOX), WebRefusal.class);

        assertThat(refusal.sentence()).contains("durée maximale (12 heures)");
        assertThat(audit.of(Rule.WEBMAIL_LOGGED_OUT).get(0).reason()).isEqualTo("absolute timeout");
    }

    @Test
    void aCookieFromAnotherBrowserOrAddressEndsTheSessionForItsOwnerToo() throws WebRefusal {
        Sessions.Started first = sessions.open(PAUL, FIREFOX, null);
        Sessions.Started second = sessions.open(PAUL, FIREFOX, null);

        WebRefusal agent = catchThrowableOfType(() -> sessions.find(first.cookie(),
            Binding.of("curl/8.5", "192.0.2.1")), WebRefusal.class);
        WebRefusal address = catchThrowableOfType(() -> sessions.find(second.cookie(),
            Binding.of("Mozilla/5.0 Firefox/128.0", "198.51.100.7")), WebRefusal.class);

        assertThat(agent.rule()).isEqualTo(Rule.WEBMAIL_SESSION_MISMATCH);
        assertThat(agent.status()).isEqualTo(401);
        assertThat(agent.login()).hasValue(PAUL);
        assertThat(address.rule()).isEqualTo(Rule.WEBMAIL_SESSION_MISMATCH);
        assertThat(sessions.find(first.cookie(), FIREFOX)).isEmpty();
        assertThat(sessions.find(second.cookie(), FIREFOX)).isEmpty();
        assertThat(audit.of(Rule.WEBMAIL_LOGGED_OUT)).hasSize(2)
            .allSatisfy(record -> assertThat(record.reason()).contains("another browser"));
    }

    @Test
    void aLoginInProgressLastsFiveMinutesAndItsEndIsNotALogout() throws WebRefusal {
        LoginInProgress login = new LoginInProgress(clock.instant());
        login.identified(Patients.PAUL, PAUL, LoginInProgress.Factor.KNOWLEDGE, "password");
        Sessions.Started pending = sessions.startLogin(login, FIREFOX);
        clock.advance(Duration.ofMinutes(4));
        assertThat(sessions.find(pending.cookie(), FIREFOX)).hasValueSatisfying(s -> assertThat(s.open()).isFalse());
        clock.advance(Duration.ofMinutes(1));

        WebRefusal refusal = catchThrowableOfType(() -> sessions.find(pending.cookie(), FIREFOX), WebRefusal.class);

        assertThat(refusal.sentence()).contains("5 minutes pour terminer la connexion");
        assertThat(audit.of(Rule.WEBMAIL_LOGGED_OUT)).isEmpty();
    }

    @Test
    void theReaperEndsTimedOutSessionsNobodyCameBackFor() {
        sessions.open(PAUL, FIREFOX, null);
        clock.advance(Duration.ofMinutes(10));
        sessions.open(PAUL, FIREFOX, null);
        clock.advance(Duration.ofMinutes(6));

        assertThat(sessions.reap()).isEqualTo(1);
        assertThat(sessions.count()).isEqualTo(1);
        assertThat(audit.of(Rule.WEBMAIL_LOGGED_OUT)).hasSize(1);
    }

    @Test
    void aLogoutEndsTheSessionAndIsAudited() throws WebRefusal {
        Sessions.Started started = sessions.open(PAUL, FIREFOX, null);

        sessions.end(started.session(), Sessions.Ending.LOGOUT);

        assertThat(sessions.find(started.cookie(), FIREFOX)).isEmpty();
        assertThat(audit.of(Rule.WEBMAIL_LOGGED_OUT)).singleElement().satisfies(record -> {
            assertThat(record.reason()).isEqualTo("logout");
            assertThat(record.session()).isEqualTo(started.session().auditId());
            assertThat(record.remote()).isEqualTo("192.0.2.1");
        });
    }

    @Test
    void recoveryCodesAreGivenOnce() {
        Session session = sessions.open(PAUL, FIREFOX, java.util.List.of("ABCDE-FGHJK")).session();

        assertThat(session.takeRecoveryCodes()).containsExactly("ABCDE-FGHJK");
        assertThat(session.takeRecoveryCodes()).isNull();
    }

    @Test
    void durationsAreSaidInFrench() {
        assertThat(Sessions.french(Duration.ofMinutes(15))).isEqualTo("15 minutes");
        assertThat(Sessions.french(Duration.ofHours(1))).isEqualTo("une heure");
        assertThat(Sessions.french(Duration.ofMinutes(90))).isEqualTo("une heure 30");
    }
}
