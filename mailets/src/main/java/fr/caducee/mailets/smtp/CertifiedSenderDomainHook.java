package fr.caducee.mailets.smtp;

import java.util.Locale;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;

import fr.caducee.directory.whitelist.TrustedDomains;

/**
 * On the MX port, after the peer's certificate and the sender's domain were found in the trust space: the peer may
 * send only for a domain its certificate names. The certificate must name a host within the same whitelisted domain
 * as the MAIL FROM domain: {@code mx.chu-exemple.fr} speaks for {@code chu-exemple.fr} and for
 * {@code patient.chu-exemple.fr} when {@code chu-exemple.fr} is on the list, never for {@code clinique-voisine.fr}.
 * An operator hosting several domains lists a host of each in its certificate. The null sender of receipts names no
 * domain and is left to the other checks.
 */
public class CertifiedSenderDomainHook implements MailHook {
    private final TrustedDomains trustSpace;

    @Inject
    public CertifiedSenderDomainHook(TrustedDomains trustSpace) {
        this.trustSpace = trustSpace;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (sender.isNullSender()) {
            return HookResult.DECLINED;
        }
        String command = "MAIL FROM:<" + sender.asString() + ">";
        PeerIdentity peer = session.getAttachment(PeerCertificateHook.PEER, ProtocolSession.State.Connection).orElse(null);
        if (peer == null) {
            return new SmtpRefusal("530", "5.7.0", "peer-without-certificate",
                "This port accepts mail only from operators presenting a certificate over TLS").refuse(session, command);
        }
        String domain = sender.get().getDomain().asString().toLowerCase(Locale.ROOT);
        if (peer.dnsNames().stream().anyMatch(host -> sameTrustedDomain(host, domain))) {
            return HookResult.DECLINED;
        }
        return new SmtpRefusal("550", "5.7.1", "peer-certificate-not-for-sender-domain",
            "The certificate " + peer.subject() + " names no host of the sender's domain " + domain + " (SAN: "
                + (peer.dnsNames().isEmpty() ? "none" : String.join(", ", peer.dnsNames()))
                + "): an operator sends only for the domains its certificate names")
            .refuse(session, command);
    }

    /** Whether a whitelisted domain holds both the host and the sender's domain (each equal to it or under it). */
    private boolean sameTrustedDomain(String host, String senderDomain) {
        String candidate = senderDomain;
        while (candidate.indexOf('.') > 0) {
            if (within(host, candidate) && trustSpace.isTrusted(candidate)) {
                return true;
            }
            candidate = candidate.substring(candidate.indexOf('.') + 1);
        }
        return false;
    }

    private static boolean within(String host, String domain) {
        return host.equals(domain) || host.endsWith("." + domain);
    }
}
