package fr.caducee.webmail.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import fr.caducee.rules.Rule;
import fr.caducee.webmail.WebmailSettings;
import fr.caducee.webmail.fakes.InMemoryFactors;
import fr.caducee.testkit.MutableClock;
import fr.caducee.webmail.fakes.Patients;
import fr.caducee.webmail.fakes.RecordingAudit;
import fr.caducee.webmail.session.Binding;
import fr.caducee.webmail.session.CsrfGuard;
import fr.caducee.webmail.session.Session;
import fr.caducee.webmail.session.Sessions;
import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.Form;
import fr.caducee.webmail.web.WebRefusal;

/** The chain itself, with steps of the tests' own: what any step, an identity provider's included, can rely on. */
class LoginFlowTest {
    private static final Binding BROWSER = Binding.of("Firefox", "192.0.2.1");
    private static final String PAUL = Patients.address(Patients.PAUL);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final WebmailSettings settings = WebmailSettings.defaults("https://webmail.caducee.test");
    private final RecordingAudit audit = new RecordingAudit();
    private final InMemoryFactors store = new InMemoryFactors();
    private final Sessions sessions = new Sessions(settings, audit, clock);
    private final CsrfGuard csrf = new CsrfGuard(settings.origin());
    private final Lockout lockout = new Lockout(store, settings, clock);

    @Test
    void anIdentityProviderThatProvesTwoFactorsCompletesTheLoginAlone() throws WebRefusal {
        LoginFlow flow = flow(new ProviderStep("/connexion/oidc", true));
        String cookie = "c".repeat(43);

        LoginFlow.Outcome outcome = flow.answer(post("/connexion/oidc", cookie, csrf.loginToken(cookie),
            Optional.empty()));

        assertThat(outcome.answer()).isEqualTo(Answer.Redirect.to("/"));
        assertThat(outcome.cookie()).isPresent().get().isNotEqualTo(cookie);
        assertThat(sessions.count()).isEqualTo(1);
        assertThat(audit.of(Rule.WEBMAIL_LOGGED_IN)).singleElement()
            .satisfies(record -> assertThat(record.reason()).isEqualTo("identity provider + second factor"));
        assertThat(store.logins).containsKey(PAUL);
    }

    @Test
    void aProviderBeforeTheSecondFactorLeavesALoginInProgressWithItsOwnCookie() throws WebRefusal {
        LoginFlow flow = flow(new ProviderStep("/connexion/oidc", false), new ProviderStep("/connexion/sms", true));
        String cookie = "c".repeat(43);

        LoginFlow.Outcome first = flow.answer(post("/connexion/oidc", cookie, csrf.loginToken(cookie),
            Optional.empty()));
        Session pending = sessions.find(first.cookie().orElseThrow(), BROWSER).orElseThrow();

        assertThat(first.answer()).isEqualTo(Answer.Redirect.to("/connexion/sms"));
        assertThat(pending.open()).isFalse();
        assertThat(flow.resume(pending)).isEqualTo("/connexion/sms");
        assertThat(flow.answer(get("/connexion/oidc", first.cookie(), Optional.of(pending))).answer())
            .isInstanceOf(Answer.Page.class);

        LoginFlow.Outcome done = flow.answer(post("/connexion/sms", first.cookie().get(), pending.csrf(),
            Optional.of(pending)));

        assertThat(done.answer()).isEqualTo(Answer.Redirect.to("/"));
        assertThat(sessions.count()).isEqualTo(1);
        assertThat(sessions.find(first.cookie().get(), BROWSER)).isEmpty();
    }

    @Test
    void aPageOfALaterStepSendsToTheCurrentOne() throws WebRefusal {
        LoginFlow flow = flow(new ProviderStep("/connexion/oidc", false), new ProviderStep("/connexion/sms", true));

        LoginFlow.Outcome outcome = flow.answer(get("/connexion/sms", Optional.empty(), Optional.empty()));

        assertThat(outcome.answer()).isEqualTo(Answer.Redirect.to("/connexion/oidc"));
        assertThat(outcome.cookie()).as("a cookie for the login form's token").isPresent();
    }

    @Test
    void aPostWithoutTheTokenOfItsCookieIsForged() {
        LoginFlow flow = flow(new ProviderStep("/connexion/oidc", true));

        WebRefusal refusal = catchThrowableOfType(() -> flow.answer(post("/connexion/oidc", "c".repeat(43),
            csrf.loginToken("d".repeat(43)), Optional.empty())), WebRefusal.class);

        assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_FORGED_REQUEST);
        assertThat(sessions.count()).isZero();
    }

    @Test
    void stepsThatProveOneFactorOnlyNeverOpenASession() {
        LoginFlow flow = flow(new ProviderStep("/connexion/oidc", false) {
            @Override
            public boolean done(LoginInProgress login) {
                return login.identified();
            }
        });
        String cookie = "c".repeat(43);

        assertThatThrownBy(() -> flow.answer(post("/connexion/oidc", cookie, csrf.loginToken(cookie),
            Optional.empty()))).isInstanceOf(IllegalStateException.class).hasMessageContaining("two factors");
        assertThat(sessions.count()).isZero();
    }

    private LoginFlow flow(LoginStep... steps) {
        return new LoginFlow(List.of(steps), sessions, csrf, lockout, store, audit, clock);
    }

    private static LoginFlow.Request get(String path, Optional<String> cookie, Optional<Session> pending) {
        return new LoginFlow.Request("GET", path, Form.EMPTY, pending, cookie, BROWSER);
    }

    private static LoginFlow.Request post(String path, String cookie, String token, Optional<Session> pending) {
        return new LoginFlow.Request("POST", path, FormsForTests.of(Map.of("csrf", token)), pending,
            Optional.of(cookie), BROWSER);
    }

    /**
     * A step that trusts whoever posts: an identity provider's return (identifies Paul) when first, a second factor
     * when not. {@code both}: it proves knowledge and possession at once.
     */
    private static class ProviderStep implements LoginStep {
        private final String path;
        private final boolean both;

        ProviderStep(String path, boolean both) {
            this.path = path;
            this.both = both;
        }

        @Override
        public String path(LoginInProgress login) {
            return path;
        }

        @Override
        public boolean answers(String asked) {
            return path.equals(asked);
        }

        @Override
        public boolean done(LoginInProgress login) {
            return both ? login.complete() : login.identified();
        }

        @Override
        public Answer show(LoginInProgress login, String asked) {
            return Answer.Page.ok("connexion", "Connexion", Map.of());
        }

        @Override
        public void submit(LoginInProgress login, String asked, Input input) {
            if (!login.identified()) {
                login.identified(Patients.PAUL, PAUL, LoginInProgress.Factor.KNOWLEDGE, "identity provider");
            }
            if (both) {
                login.proved(LoginInProgress.Factor.POSSESSION, "second factor");
            }
        }
    }
}
