package fr.caducee.identity.login;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxType;
import fr.caducee.identity.Sentence;
import fr.caducee.rules.Rule;
import fr.caducee.rules.transport.SaslLogins.LoggedIn;
import fr.caducee.rules.transport.SaslLogins.LoginOutcome;
import fr.caducee.rules.transport.SaslLogins.Refused;
import fr.caducee.rules.transport.SaslLogins.Unavailable;
import fr.caducee.trust.certificate.CertificateValidator;

/**
 * The application box a client certificate opens (SASL EXTERNAL): the chain the TLS handshake received must chain to
 * the trust anchors, be within its dates and not be revoked ({@link BoxCertificates}, as the HTTPS API and the gateway
 * read it), and its leaf must name, in an rfc822Name or its CN, an active APP box of this operator: the first it
 * names. An authorization identity, when the client sends one, must be one of the active APP boxes the leaf names.
 * Only APP boxes: a person's box is opened by a person (password or token), never by a certificate. A chain
 * whose CA has no current revocation list cannot be judged: nothing is decided.
 */
public final class CertificateLogins {
    private final Directory directory;
    private final BoxCertificates certificates;
    private final Clock clock;

    public CertificateLogins(Directory directory, BoxCertificates certificates, Clock clock) {
        this.directory = directory;
        this.certificates = certificates;
        this.clock = clock;
    }

    /**
     * @param authorizationId the box the client names; empty: the box the certificate names
     * @param chain           the client's certificates as the handshake verified them, leaf first; empty when none
     * @return {@link LoggedIn} with the box and the certificate's subject, {@link Refused} under
     *     {@code certificate-login-refused}, or {@link Unavailable}
     */
    public LoginOutcome open(Optional<String> authorizationId, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            return refused("No client certificate was shown in the TLS handshake: EXTERNAL needs the certificate of "
                + "the application box");
        }
        String subject = chain.get(0).getSubjectX500Principal().getName();
        BoxCertificates.Certified certified = certificates.check(chain, clock.instant());
        if (certified.verdict().outcome() == CertificateValidator.Outcome.UNDETERMINED) {
            return new Unavailable(Sentence.of("The revocation of the client certificate cannot be checked now: "
                + "nothing was decided, try again later", Rule.LOGIN_UNAVAILABLE));
        }
        if (!certified.verdict().valid()) {
            return refused("The client certificate is not accepted: " + Sentence.shown(certified.verdict().sentence()));
        }
        Optional<String> named = authorizationId.map(String::strip).filter(id -> !id.isEmpty());
        Optional<BoxAddress> wanted = named.flatMap(Outcomes::address);
        if (named.isPresent() && wanted.isEmpty()) {
            return refused("The authorization identity " + Sentence.shown(named.get()) + " is not a box address: "
                + "send none, or the application box the certificate names");
        }
        try {
            for (BoxAddress certifiedBox : certified.boxes()) {
                if (wanted.isPresent() && !wanted.get().equals(certifiedBox)) {
                    continue;
                }
                Optional<Box> box = directory.findBox(certifiedBox);
                if (box.isPresent() && box.get().type() == BoxType.APP && box.get().isActive()) {
                    return new LoggedIn(certifiedBox.address(), subject);
                }
            }
        } catch (DirectoryUnavailableException e) {
            return Outcomes.DIRECTORY_UNAVAILABLE;
        }
        return refused("The client certificate " + Sentence.shown(subject) + " names no active application box "
            + wanted.map(box -> box + " ").orElse("") + "of this server");
    }

    private static Refused refused(String text) {
        return Outcomes.refused(Rule.CERTIFICATE_LOGIN_REFUSED, text);
    }
}
