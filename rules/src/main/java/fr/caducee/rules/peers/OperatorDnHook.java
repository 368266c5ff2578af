package fr.caducee.rules.peers;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.security.auth.x500.X500Principal;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;

import fr.caducee.domain.directory.TrustedDomains;
import fr.caducee.domain.model.OperatorDn;
import fr.caducee.rules.Rule;
import fr.caducee.trust.whitelist.ExpectedOperators;

/**
 * On the MX port, at every MAIL FROM, after {@link PeerCertificateHook} validated the peer's certificate: the trust
 * space's rule of who sends for whom. The national whitelist names, for each domain, the subject DN of the
 * certificate of the operator that sends for it ({@code DNCertificatOperateur}); the peer's certificate must have one
 * of the DNs listed for the MAIL FROM domain (a {@code patient.} sub-domain has its domain's operators). DNs are
 * compared as LDAP does ({@link OperatorDn}), so spacing, case and quotes in the list do not matter.
 * <ul>
 *   <li>A certificate whose DN the list names for no domain is refused whatever the sender
 *       ({@code peer-dn-not-in-whitelist}).</li>
 *   <li>The null sender of receipts (DSN, MDN) names no domain: any operator of the list may send it.</li>
 *   <li>Otherwise the DN must be one of the sender domain's ({@code peer-dn-not-listed-for-domain}).</li>
 * </ul>
 */
public class OperatorDnHook implements MailHook {
    /** The peer's DN as parsed at the connection's first MAIL FROM: parsing it is most of this hook's work. */
    private record PeerDn(String subject, OperatorDn dn) {
    }

    private static final ProtocolSession.AttachmentKey<PeerDn> PEER_DN =
        ProtocolSession.AttachmentKey.of("caducee.peer.operatorDn", PeerDn.class);

    private final TrustedDomains trustSpace;

    @Inject
    public OperatorDnHook(TrustedDomains trustSpace) {
        this.trustSpace = trustSpace;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        String command = "MAIL FROM:<" + sender.asString() + ">";
        PeerIdentity peer = session.getAttachment(PeerCertificateHook.PEER, ProtocolSession.State.Connection).orElse(null);
        if (peer == null) {
            return Rule.PEER_WITHOUT_CERTIFICATE.refusal(
                "This port accepts mail only from operators presenting a certificate over TLS").refuse(session, command);
        }
        OperatorDn dn = dnOf(session, peer);
        if (!trustSpace.isListedOperator(dn)) {
            return Rule.PEER_DN_NOT_IN_WHITELIST.refusal(
                "The certificate " + dn + " is not that of an operator of the national whitelist: no domain lists "
                    + "this DN as its operator (DNCertificatOperateur)").refuse(session, command);
        }
        if (sender.isNullSender()) {
            return HookResult.DECLINED;
        }
        String domain = sender.get().getDomain().asString().toLowerCase(Locale.ROOT);
        Set<OperatorDn> operators = trustSpace.operatorsOf(domain);
        if (operators.contains(dn)) {
            return HookResult.DECLINED;
        }
        return Rule.PEER_DN_NOT_LISTED_FOR_DOMAIN.refusal(
            "The certificate " + dn + " may not send for " + domain + ": the national whitelist lists for it the "
                + "operator certificate " + ExpectedOperators.describe(operators)).refuse(session, command);
    }

    /** The whitelist is read at every MAIL FROM (it may change); the DN, which cannot on one connection, once. */
    private static OperatorDn dnOf(SMTPSession session, PeerIdentity peer) {
        Optional<PeerDn> known = session.getAttachment(PEER_DN, ProtocolSession.State.Connection)
            .filter(parsed -> parsed.subject().equals(peer.subject()));
        if (known.isPresent()) {
            return known.get().dn();
        }
        OperatorDn dn = OperatorDn.of(new X500Principal(peer.subject()));
        session.setAttachment(PEER_DN, new PeerDn(peer.subject(), dn), ProtocolSession.State.Connection);
        return dn;
    }
}
