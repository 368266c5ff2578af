package fr.caducee.webmail.login;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import fr.caducee.audit.AuditTrail;
import fr.caducee.rules.Rule;
import fr.caducee.webmail.session.Binding;
import fr.caducee.webmail.session.CsrfGuard;
import fr.caducee.webmail.session.Session;
import fr.caducee.webmail.session.SessionCookie;
import fr.caducee.webmail.session.Sessions;
import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.Form;
import fr.caducee.webmail.web.WebAudit;
import fr.caducee.webmail.web.WebRefusal;

/**
 * The login, as a chain of {@link LoginStep}s. Before the first step succeeds there is no session at all: the login
 * form's token is derived from the browser's cookie ({@link CsrfGuard#loginToken}). Once the patient is identified, a
 * pending session with a new cookie holds the login in progress; it answers the login pages only, for five minutes.
 * When every step is done (and two factors proved), the pending session is dropped, an open session with yet another
 * cookie starts, the address's failures are forgotten and the login is audited ({@code webmail-logged-in}).
 * Going back to the first step's page starts over.
 */
public final class LoginFlow {
    /** Where the recovery codes are shown, once, right after the login that enrolled the app. */
    public static final String RECOVERY_CODES = "/connexion/codes-de-secours";

    private final List<LoginStep> steps;
    private final Sessions sessions;
    private final CsrfGuard csrf;
    private final Lockout lockout;
    private final FactorStore factors;
    private final AuditTrail audit;
    private final Clock clock;

    public LoginFlow(List<LoginStep> steps, Sessions sessions, CsrfGuard csrf, Lockout lockout, FactorStore factors,
                     AuditTrail audit, Clock clock) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a login needs at least one step");
        }
        this.steps = List.copyOf(steps);
        this.sessions = sessions;
        this.csrf = csrf;
        this.lockout = lockout;
        this.factors = factors;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A request to a login page.
     *
     * @param pending the browser's login in progress, if it has one (an open session is not the flow's business)
     * @param cookie  the browser's cookie, if it sent one
     */
    public record Request(String method, String path, Form form, Optional<Session> pending, Optional<String> cookie,
                          Binding binding) {
    }

    /**
     * What to answer.
     *
     * @param csrf   the token the page's form carries
     * @param cookie a new cookie to give the browser
     */
    public record Outcome(Answer answer, String csrf, Optional<String> cookie) {
    }

    /** True for the pages of the steps. */
    public boolean answers(String path) {
        return steps.stream().anyMatch(step -> step.answers(path));
    }

    public Outcome answer(Request request) throws WebRefusal {
        LoginStep asked = steps.stream().filter(step -> step.answers(request.path())).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("not a login page: " + request.path()));
        // The first step's page starts over: the login in progress, if any, is replaced once it succeeds.
        Optional<Session> pending = asked == steps.get(0) ? Optional.empty() : request.pending();
        LoginInProgress login = pending.map(Session::login).orElseGet(() -> new LoginInProgress(clock.instant()));
        Optional<String> newCookie = Optional.empty();
        String token;
        if (pending.isPresent()) {
            token = pending.get().csrf();
        } else {
            String cookie = request.cookie().orElse(null);
            if (cookie == null && request.method().equals("GET")) {
                cookie = SessionCookie.newValue();
                newCookie = Optional.of(cookie);
            }
            token = cookie == null ? null : csrf.loginToken(cookie);
        }
        LoginStep current = current(login).orElseThrow(() -> new IllegalStateException("a login in progress with "
            + "every step done"));
        if (asked != current) {
            return new Outcome(Answer.Redirect.to(current.path(login)), token, newCookie);
        }
        if (request.method().equals("GET")) {
            return new Outcome(current.show(login, request.path()), token, newCookie);
        }
        String patient = pending.map(Session::patient).orElse(null);
        csrf.checkToken(token, request.form(), patient);
        try {
            current.submit(login, request.path(), new LoginStep.Input(request.form(), request.binding().remote(),
                pending.map(Session::auditId).orElse(null)));
        } catch (WebRefusal refusal) {
            if (refusal.rule() == Rule.WEBMAIL_LOCKED_OUT) {
                // Locked in the middle of a login: it starts over from the first step once the lock ends.
                pending.ifPresent(sessions::discard);
            }
            throw refusal;
        }
        Optional<LoginStep> next = current(login);
        if (next.isEmpty()) {
            return complete(login, request.pending(), request.binding());
        }
        if (pending.isEmpty()) {
            request.pending().ifPresent(sessions::discard);
            Sessions.Started started = sessions.startLogin(login, request.binding());
            return new Outcome(Answer.Redirect.to(next.get().path(login)), started.session().csrf(),
                Optional.of(started.cookie()));
        }
        return new Outcome(Answer.Redirect.to(next.get().path(login)), token, Optional.empty());
    }

    /** Where a login in progress goes on: the page of its current step. */
    public String resume(Session pending) {
        LoginInProgress login = pending.login();
        return current(login).map(step -> step.path(login)).orElse(steps.get(0).path(login));
    }

    private Optional<LoginStep> current(LoginInProgress login) {
        return steps.stream().filter(step -> !step.done(login)).findFirst();
    }

    private Outcome complete(LoginInProgress login, Optional<Session> pending, Binding binding) {
        if (!login.complete()) {
            throw new IllegalStateException("the login steps did not prove two factors: " + login.proofs());
        }
        String patient = login.patient().boxAddress().address();
        lockout.reset(login.typed().equals(patient) ? new String[] {patient} : new String[] {login.typed(), patient});
        factors.loggedIn(patient, clock.instant());
        Sessions.Started opened = sessions.open(patient, binding, login.recoveryCodes());
        try {
            audit.append(WebAudit.of(Rule.WEBMAIL_LOGGED_IN, clock).login(patient).reason(login.proofs())
                .session(opened.session().auditId()).remote(binding.remote()).build());
        } catch (RuntimeException e) {
            // Not recorded, not opened; the login in progress is spent too: the patient starts again.
            sessions.discard(opened.session());
            pending.ifPresent(sessions::discard);
            throw e;
        }
        pending.ifPresent(sessions::discard);
        String next = login.recoveryCodes() == null ? "/" : RECOVERY_CODES;
        return new Outcome(Answer.Redirect.to(next), opened.session().csrf(), Optional.of(opened.cookie()));
    }
}
