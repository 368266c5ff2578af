package fr.caducee.rules.transport;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import fr.caducee.rules.Rule;

/**
 * The sector's ways into a box besides the box's own password, asked by SMTP's AUTH handler and IMAP's AUTHENTICATE
 * and LOGIN alike: a Pro Santé Connect token (SASL OAUTHBEARER, RFC 7628, and XOAUTH2), a client certificate (SASL
 * EXTERNAL, RFC 4422, for application boxes), and a professional opening an ORG box with their own password
 * ({@code box*member}, docs/IDENTITY.md). Decided by the identity module, which audits every outcome (logged in:
 * {@code LOGGED_IN}; refused: {@code REFUSED} with the rule); the protocols only turn the outcome into their answer.
 * Called only once the connection is encrypted.
 */
public interface SaslLogins {
    /** What separates the box from the member in a delegated login: {@code cardiologie@chu.example*dr.martin@chu.example}. */
    String DELEGATION_SEPARATOR = "*";

    /** The mechanisms offered beside PLAIN (and LOGIN on SMTP), in this order: OAUTHBEARER and XOAUTH2 when token
     * logins are configured, EXTERNAL when the client showed a certificate. */
    List<String> mechanisms(boolean clientCertificate);

    /**
     * An OAUTHBEARER or XOAUTH2 initial response (base64, as the client sent it): the token checked, the box chosen
     * among those the professional may open ({@code a=} / {@code user=} names it, else their preferred PER box).
     */
    LoginOutcome bearer(String mechanism, String initialResponse, LoginContext context);

    /**
     * SASL EXTERNAL: the client certificate the TLS handshake verified (leaf first; empty when none was shown), and
     * the authorisation identity the client sent (empty: the box the certificate is bound to).
     */
    LoginOutcome external(Optional<String> authorizationId, List<X509Certificate> chain, LoginContext context);

    /** A password login whose name holds {@link #DELEGATION_SEPARATOR}; empty when it does not (an ordinary login). */
    Optional<LoginOutcome> delegated(String login, String password, LoginContext context);

    /** Where a login is tried: {@code protocol} is {@code imap} or {@code submission}; session and remote may be null. */
    record LoginContext(String protocol, String session, String remote) {
    }

    /** What a login attempt came to. */
    sealed interface LoginOutcome {
    }

    /** The box the session now acts as, and who opened it (an idNat, a certificate's subject, a member's box). */
    record LoggedIn(String box, String identity) implements LoginOutcome {
    }

    /** Refused: the rule ({@code 535 5.7.8} / {@code NO [AUTHENTICATIONFAILED]}) and an ASCII sentence for the client. */
    record Refused(Rule rule, String sentence) implements LoginOutcome {
    }

    /** Nothing decided, the provider or the directory is out of reach: {@code 454 4.7.0} / {@code NO [UNAVAILABLE]}. */
    record Unavailable(String sentence) implements LoginOutcome {
    }
}
