package fr.caducee.rules.peers;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import fr.caducee.rules.Rule;
import fr.caducee.trust.certificate.CertificateValidator;

/**
 * On the MX port, at every MAIL FROM: the TLS handshake proved that the peer's certificate chains to our trust
 * anchors and was in its validity period when the connection opened; this checks what the handshake does not:
 * <ul>
 *   <li>the chain, now: not expired since (connections are reused for hours), and no certificate on its CA's
 *       revocation list ({@code 550 5.7.1}); when a CA's list is missing or out of date the status cannot be known
 *       and the transaction is deferred ({@code 454 4.7.0}), never accepted;</li>
 *   <li>the certificate is meant for TLS client authentication.</li>
 * </ul>
 * The proven identity is kept on the connection for the audit trail, the mail and {@link OperatorDnHook}, which
 * checks that the national whitelist names this certificate's DN for the sender's domain. A valid chain is not
 * validated again at the next MAIL FROM of the same connection while nothing its verdict depends on has changed:
 * the same revocation lists in force, none of them nor any certificate of the chain expired
 * ({@link CertificateValidator.ValidChain}).
 */
public class PeerCertificateHook implements MailHook {
    public static final ProtocolSession.AttachmentKey<PeerIdentity> PEER = ProtocolSession.AttachmentKey.of("caducee.peer", PeerIdentity.class);
    static final ProtocolSession.AttachmentKey<CertificateValidator.ValidChain> VALID_CHAIN =
        ProtocolSession.AttachmentKey.of("caducee.peer.validChain", CertificateValidator.ValidChain.class);

    private final CertificateValidator certificates;

    @Inject
    public PeerCertificateHook(CertificateValidator certificates) {
        this.certificates = certificates;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        Optional<PeerIdentity> peer = PeerIdentity.of(session);
        if (peer.isEmpty()) {
            return Rule.PEER_WITHOUT_CERTIFICATE.refusal(
                "This port accepts mail only from operators presenting a certificate over TLS")
                .refuse(session, "MAIL FROM:<" + sender.asString() + ">");
        }
        PeerIdentity identity = peer.get();
        CertificateValidator.Checked checked = certificates.check(chain(session), Instant.now(),
            session.getAttachment(VALID_CHAIN, ProtocolSession.State.Connection));
        CertificateValidator.Verdict verdict = checked.verdict();
        if (checked.reusable().isPresent()) {
            session.setAttachment(VALID_CHAIN, checked.reusable().get(), ProtocolSession.State.Connection);
        } else {
            session.removeAttachment(VALID_CHAIN, ProtocolSession.State.Connection);
        }
        if (!verdict.valid()) {
            // An undetermined revocation status is the one problem deferred (454) rather than refused (550).
            return rule(verdict.problem()).refusal(verdict.sentence())
                .refuse(session, "MAIL FROM:<" + sender.asString() + ">");
        }
        if (!identity.clientAuthUsage()) {
            return Rule.PEER_CERTIFICATE_USAGE.refusal(
                "The certificate " + identity.subject() + " is not issued for TLS client authentication")
                .refuse(session, "MAIL FROM:<" + sender.asString() + ">");
        }
        session.setAttachment(PEER, identity, ProtocolSession.State.Connection);
        return HookResult.DECLINED;
    }

    /** The catalogue's rule for what path validation found wrong with the peer's certificate. */
    static Rule rule(CertificateValidator.Problem problem) {
        return switch (problem) {
            case UNTRUSTED -> Rule.PEER_CERTIFICATE_UNTRUSTED;
            case EXPIRED -> Rule.PEER_CERTIFICATE_EXPIRED;
            case NOT_YET_VALID -> Rule.PEER_CERTIFICATE_NOT_YET_VALID;
            case REVOKED -> Rule.PEER_CERTIFICATE_REVOKED;
            case REVOCATION_UNKNOWN -> Rule.PEER_CERTIFICATE_REVOCATION_UNKNOWN;
        };
    }

    private static List<X509Certificate> chain(SMTPSession session) {
        try {
            Optional<SSLSession> tls = session.getSSLSession();
            Certificate[] certificates = tls.isPresent() ? tls.get().getPeerCertificates() : new Certificate[0];
            return Arrays.stream(certificates).filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast).toList();
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }
}
