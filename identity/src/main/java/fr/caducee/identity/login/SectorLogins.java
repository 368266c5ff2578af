package fr.caducee.identity.login;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.domain.directory.Directory;
import fr.caducee.identity.Sentence;
import fr.caducee.identity.psc.PscIdentity;
import fr.caducee.identity.psc.PscSettings;
import fr.caducee.identity.psc.PscTokenVerifier;
import fr.caducee.identity.psc.TokenCheck;
import fr.caducee.rules.Rule;
import fr.caducee.rules.transport.SaslLogins;
import fr.caducee.trust.certificate.CertificateValidator;

/**
 * The sector's logins as IMAP and SMTP ask for them ({@link SaslLogins}): a Pro Santé Connect token
 * ({@link PscTokenVerifier}, then {@link BoxChoice}), a client certificate ({@link CertificateLogins}) and a member's
 * password on a box ({@link DelegatedLogin}). Every outcome is audited: {@code LOGGED_IN} under {@code psc-login},
 * {@code certificate-login} or {@code delegated-login}, {@code REFUSED} under the refusal's rule (never with the token
 * or the password); {@code via} says which way ({@code psc}, {@code certificate}, {@code delegation}), the reason the
 * protocol, the mechanism and who (the idNat, the certificate's subject, the member). A login the audit trail cannot
 * record is not granted.
 */
public final class SectorLogins implements SaslLogins {
    private static final Logger LOGGER = LoggerFactory.getLogger(SectorLogins.class);
    static final String VIA_PSC = "psc";
    static final String VIA_CERTIFICATE = "certificate";
    static final String VIA_DELEGATION = "delegation";
    static final String EXTERNAL = "EXTERNAL";
    static final String PROVIDER_UNAVAILABLE = Sentence.of("The identity provider cannot be reached now: nothing was "
        + "decided, try again in a moment", Rule.LOGIN_UNAVAILABLE);
    static final String TRAIL_UNAVAILABLE = Sentence.of("The login cannot be recorded in the audit trail now: try again "
        + "in a moment", Rule.LOGIN_UNAVAILABLE);

    private final Optional<PscTokenVerifier> tokens;
    private final BoxChoice boxes;
    private final CertificateLogins certificates;
    private final DelegatedLogin delegations;
    private final AuditTrail trail;

    public SectorLogins(Optional<PscTokenVerifier> tokens, BoxChoice boxes, CertificateLogins certificates,
                        DelegatedLogin delegations, AuditTrail trail) {
        this.tokens = tokens;
        this.boxes = boxes;
        this.certificates = certificates;
        this.delegations = delegations;
        this.trail = trail;
    }

    /** As the server wires it: tokens only when an issuer is configured. */
    public static SectorLogins create(Optional<PscSettings> psc, Directory directory, CertificateValidator validator,
                                      AuditTrail trail) {
        return new SectorLogins(psc.map(PscTokenVerifier::new), new BoxChoice(directory),
            new CertificateLogins(directory, new BoxCertificates(validator), Clock.systemUTC()),
            new DelegatedLogin(directory), trail);
    }

    @Override
    public List<String> mechanisms(boolean clientCertificate) {
        List<String> mechanisms = new ArrayList<>();
        if (tokens.isPresent()) {
            mechanisms.add(BearerResponse.OAUTHBEARER);
            mechanisms.add(BearerResponse.XOAUTH2);
        }
        if (clientCertificate) {
            mechanisms.add(EXTERNAL);
        }
        return List.copyOf(mechanisms);
    }

    @Override
    public LoginOutcome bearer(String mechanism, String initialResponse, LoginContext context) {
        String shownMechanism = Sentence.shown(mechanism).toUpperCase(Locale.ROOT);
        Attempt attempt = new Attempt(VIA_PSC, shownMechanism, context);
        if (tokens.isEmpty()) {
            return attempt.refused(Rule.PSC_TOKEN_MALFORMED, Sentence.of("Token logins are not offered by this "
                + "server: log in with the box's password", Rule.PSC_TOKEN_MALFORMED), null);
        }
        Optional<BearerResponse> response = BearerResponse.parse(mechanism, initialResponse);
        if (response.isEmpty()) {
            return attempt.refused(Rule.PSC_TOKEN_MALFORMED, Sentence.of("The " + shownMechanism + " response is not "
                + "one: " + (BearerResponse.XOAUTH2.equals(shownMechanism)
                    ? "user=<box>, then auth=Bearer <token> (XOAUTH2)" : "n,a=<box>, then auth=Bearer <token> (RFC 7628)"),
                Rule.PSC_TOKEN_MALFORMED), null);
        }
        String requested = response.get().authorizationId().map(Sentence::shown).orElse(null);
        TokenCheck check = tokens.get().verify(response.get().token());
        if (check instanceof TokenCheck.Refused refused) {
            return attempt.refused(refused.problem().rule(), refused.sentence(), requested);
        }
        if (check instanceof TokenCheck.Unavailable) {
            return attempt.unavailable(PROVIDER_UNAVAILABLE, requested);
        }
        PscIdentity identity = ((TokenCheck.Valid) check).identity();
        LoginOutcome chosen = boxes.choose(identity.idNat(), response.get().authorizationId());
        if (chosen instanceof LoggedIn loggedIn) {
            return attempt.loggedIn(Rule.PSC_LOGIN, loggedIn, "professional " + identity.idNat()
                + " with a Pro Sante Connect token issued to " + Sentence.shown(identity.client()));
        }
        return attempt.other(chosen, requested, "professional " + identity.idNat());
    }

    @Override
    public LoginOutcome external(Optional<String> authorizationId, List<X509Certificate> chain, LoginContext context) {
        Attempt attempt = new Attempt(VIA_CERTIFICATE, EXTERNAL, context);
        String requested = authorizationId.map(Sentence::shown).filter(id -> !id.isBlank()).orElse(null);
        LoginOutcome outcome = certificates.open(authorizationId, chain);
        String subject = chain.isEmpty() ? "no certificate" : "certificate " + Sentence.shown(
            chain.get(0).getSubjectX500Principal().getName()) + " serial " + chain.get(0).getSerialNumber().toString(16);
        if (outcome instanceof LoggedIn loggedIn) {
            return attempt.loggedIn(Rule.CERTIFICATE_LOGIN, loggedIn, subject);
        }
        return attempt.other(outcome, requested, subject);
    }

    @Override
    public Optional<LoginOutcome> delegated(String login, String password, LoginContext context) {
        Optional<DelegatedLogin.Names> names = DelegatedLogin.split(login);
        if (names.isEmpty()) {
            return Optional.empty();
        }
        Attempt attempt = new Attempt(VIA_DELEGATION, "password", context);
        LoginOutcome outcome = delegations.open(names.get(), password);
        String member = "member " + Sentence.shown(names.get().member());
        if (outcome instanceof LoggedIn loggedIn) {
            return Optional.of(attempt.loggedIn(Rule.DELEGATED_LOGIN, loggedIn, member + " with their own password"));
        }
        return Optional.of(attempt.other(outcome, Sentence.shown(names.get().box()), member));
    }

    /** One login attempt, recorded in the trail whatever it comes to. */
    private final class Attempt {
        private final String via;
        private final String mechanism;
        private final LoginContext context;

        Attempt(String via, String mechanism, LoginContext context) {
            this.via = via;
            this.mechanism = mechanism;
            this.context = context == null ? new LoginContext("", null, null) : context;
        }

        LoginOutcome loggedIn(Rule rule, LoggedIn loggedIn, String who) {
            try {
                trail.append(record(Decision.LOGGED_IN, rule, who + " opened " + loggedIn.box(), loggedIn.box()));
            } catch (AuditUnavailableException e) {
                LOGGER.error("Login of {} by {} not granted: the audit trail cannot record it ({})", loggedIn.box(),
                    who, e.getMessage());
                return new Unavailable(TRAIL_UNAVAILABLE);
            }
            return loggedIn;
        }

        LoginOutcome refused(Rule rule, String sentence, String login) {
            appendRefusal(rule, sentence, login);
            return new Refused(rule, sentence);
        }

        LoginOutcome unavailable(String sentence, String login) {
            appendRefusal(Rule.LOGIN_UNAVAILABLE, sentence, login);
            return new Unavailable(sentence);
        }

        /** A refusal or nothing decided, with who tried when it is known (the refusal's sentence may not say it). */
        LoginOutcome other(LoginOutcome outcome, String login, String who) {
            if (outcome instanceof Refused refused) {
                appendRefusal(refused.rule(), who + ": " + refused.sentence(), login);
                return refused;
            }
            Unavailable unavailable = (Unavailable) outcome;
            appendRefusal(Rule.LOGIN_UNAVAILABLE, who + ": " + unavailable.sentence(), login);
            return unavailable;
        }

        private void appendRefusal(Rule rule, String reason, String login) {
            try {
                trail.append(record(Decision.REFUSED, rule, reason, login));
            } catch (AuditUnavailableException e) {
                // The refusal stands whether or not the trail can record it.
                LOGGER.error("Refused login not recorded in the audit trail ({}): {}", e.getMessage(), reason);
            }
        }

        private AuditRecord record(Decision decision, Rule rule, String reason, String login) {
            return AuditRecord.builder(decision)
                .rule(rule.id())
                .reason(context.protocol() + " " + mechanism + ": " + reason)
                .via(via)
                .login(login)
                .session(context.session())
                .remote(context.remote())
                .build();
        }
    }
}
