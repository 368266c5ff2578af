package fr.caducee.webmail.login;

import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.Form;
import fr.caducee.webmail.web.WebRefusal;

/**
 * One step of the login, with its page(s) under {@code /connexion}. {@link LoginFlow} runs the steps in order: the
 * first one not {@link #done} for the login in progress is the one that answers; a request for another step's page
 * is sent to it. The first step must identify the patient ({@link LoginInProgress#identified}); the login completes
 * when every step is done and the patient proved two different factors.
 *
 * <p>Today: {@link PasswordStep} (the directory's password: identifies, proves knowledge), then {@link TotpStep}
 * (an authenticator app, enrolled at the first login: proves possession). An OpenID Connect step (a
 * FranceConnect-like identity provider) would be a step whose page redirects to the provider and whose return path
 * ({@code /connexion/oidc}, say) checks the answer and identifies the patient from the INS the provider vouches for:
 * put in place of {@link PasswordStep}, it replaces the password; put before it, with {@link PasswordStep} done once
 * a patient is identified, it lets the provider's login skip the password but not the second factor. A provider at
 * eIDAS level "substantial" proves two factors itself and would complete the login alone.
 */
public interface LoginStep {

    /** Where this step asks, for this login (a step may have several pages, e.g. enrolment and code). */
    String path(LoginInProgress login);

    /** True when the path is one of this step's pages. */
    boolean answers(String path);

    /** True when this login no longer needs this step. */
    boolean done(LoginInProgress login);

    /** The step's page (GET), or a redirection to another of its pages; the layout gives its form the CSRF token. */
    Answer show(LoginInProgress login, String path) throws WebRefusal;

    /** A form posted to one of the step's pages, its CSRF token checked: on success the login carries the proof. */
    void submit(LoginInProgress login, String path, Input input) throws WebRefusal;

    /**
     * What was posted, and where from.
     *
     * @param session the session's id for the audit trail; null before the patient is identified
     */
    record Input(Form form, String remote, String session) {
    }
}
