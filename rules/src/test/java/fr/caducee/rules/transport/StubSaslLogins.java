package fr.caducee.rules.transport;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The sector's logins as the protocols see them: one outcome for every attempt, and what was asked, in order. */
final class StubSaslLogins implements SaslLogins {
    record Asked(String kind, String mechanism, String response, Optional<String> authorizationId,
                 List<X509Certificate> chain, String login, String password, LoginContext context) {
    }

    final List<Asked> asked = new ArrayList<>();
    LoginOutcome outcome = new LoggedIn("cardiologie@chu.localhost", "810000005479");
    boolean tokens = true;

    @Override
    public List<String> mechanisms(boolean clientCertificate) {
        List<String> mechanisms = new ArrayList<>();
        if (tokens) {
            mechanisms.addAll(List.of("OAUTHBEARER", "XOAUTH2"));
        }
        if (clientCertificate) {
            mechanisms.add("EXTERNAL");
        }
        return mechanisms;
    }

    @Override
    public LoginOutcome bearer(String mechanism, String initialResponse, LoginContext context) {
        asked.add(new Asked("bearer", mechanism, initialResponse, Optional.empty(), List.of(), null, null, context));
        return outcome;
    }

    @Override
    public LoginOutcome external(Optional<String> authorizationId, List<X509Certificate> chain, LoginContext context) {
        asked.add(new Asked("external", "EXTERNAL", null, authorizationId, chain, null, null, context));
        return outcome;
    }

    @Override
    public Optional<LoginOutcome> delegated(String login, String password, LoginContext context) {
        if (!login.contains(DELEGATION_SEPARATOR)) {
            return Optional.empty();
        }
        asked.add(new Asked("delegated", null, null, Optional.empty(), List.of(), login, password, context));
        return Optional.of(outcome);
    }
}
