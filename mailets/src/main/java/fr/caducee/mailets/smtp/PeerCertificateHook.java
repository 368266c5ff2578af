package fr.caducee.mailets.smtp;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;

import fr.caducee.directory.whitelist.TrustedDomains;

/**
 * On the MX port, before any transaction: the TLS handshake proved that the peer's certificate chains to our trust
 * anchors and is in its validity period; this checks what the handshake does not, that the certificate is meant
 * for TLS client authentication and names (SAN dNSName) a host of a domain on the national whitelist. The proven
 * identity is kept on the connection for the audit trail and the mail.
 */
public class PeerCertificateHook implements MailHook {
    static final ProtocolSession.AttachmentKey<PeerIdentity> PEER = ProtocolSession.AttachmentKey.of("caducee.peer", PeerIdentity.class);

    private final TrustedDomains trustSpace;

    @Inject
    public PeerCertificateHook(TrustedDomains trustSpace) {
        this.trustSpace = trustSpace;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        Optional<PeerIdentity> peer = PeerIdentity.of(session);
        if (peer.isEmpty()) {
            return new SmtpRefusal("530", "5.7.0", "peer-without-certificate",
                "This port accepts mail only from operators presenting a certificate over TLS")
                .refuse(session, "MAIL FROM:<" + sender.asString() + ">");
        }
        PeerIdentity identity = peer.get();
        if (!identity.clientAuthUsage()) {
            return new SmtpRefusal("550", "5.7.1", "peer-certificate-usage",
                "The certificate " + identity.subject() + " is not issued for TLS client authentication")
                .refuse(session, "MAIL FROM:<" + sender.asString() + ">");
        }
        if (identity.dnsNames().stream().noneMatch(this::isUnderTrustedDomain)) {
            return new SmtpRefusal("550", "5.7.1", "peer-certificate-outside-trust-space",
                "The certificate " + identity.subject() + " names no host under a domain of the national whitelist (SAN: "
                    + (identity.dnsNames().isEmpty() ? "none" : String.join(", ", identity.dnsNames())) + ")")
                .refuse(session, "MAIL FROM:<" + sender.asString() + ">");
        }
        session.setAttachment(PEER, identity, ProtocolSession.State.Connection);
        return HookResult.DECLINED;
    }

    /** mx1.chu-exemple.fr is under chu-exemple.fr; single labels (a TLD) are never looked up. */
    private boolean isUnderTrustedDomain(String host) {
        String candidate = host;
        while (candidate.indexOf('.') > 0) {
            if (trustSpace.isTrusted(candidate)) {
                return true;
            }
            candidate = candidate.substring(candidate.indexOf('.') + 1);
        }
        return false;
    }
}
