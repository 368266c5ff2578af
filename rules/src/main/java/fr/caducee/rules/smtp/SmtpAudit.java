package fr.caducee.rules.smtp;

import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;
import fr.caducee.rules.audit.AuditedMail;
import fr.caducee.rules.peers.PeerCertificateHook;
import fr.caducee.rules.peers.PeerIdentity;

/**
 * Audit records of SMTP decisions, filled from the session: the listener ({@code mx} or {@code submission}), the
 * client's address, and who it proved to be (the login, or the peer operator's certificate). Every record written
 * during an SMTP session starts here, so that they all name the client the same way.
 */
public final class SmtpAudit {
    static final String MX = "mx";
    static final String SUBMISSION = "submission";

    private SmtpAudit() {
    }

    public static AuditRecord.Builder record(Decision decision, SMTPSession session) {
        AuditRecord.Builder record = AuditRecord.builder(decision)
            .via(via(session))
            .session(session.getSessionID())
            .remote(session.getRemoteAddress() == null ? null : session.getRemoteAddress().getAddress().getHostAddress());
        if (session.getUsername() != null) {
            record.login(session.getUsername().asString());
        }
        peer(session).ifPresent(peer -> record.peer(AuditedMail.peer(peer.subject(), peer.issuer(), peer.serial(),
            String.join(",", peer.dnsNames()))));
        session.getAttachment(SMTPSession.SENDER, ProtocolSession.State.Transaction)
            .map(MaybeSender::asString)
            .ifPresent(record::sender);
        return record;
    }

    /** The identity proven on the MX port: checked by PeerCertificateHook, or as the handshake gave it before. */
    public static Optional<PeerIdentity> peer(SMTPSession session) {
        Optional<PeerIdentity> checked = session.getAttachment(PeerCertificateHook.PEER, ProtocolSession.State.Connection);
        if (checked.isPresent() || !MX.equals(via(session))) {
            return checked;
        }
        return PeerIdentity.of(session);
    }

    /** A listener that offers AUTH (once TLS is up) is a submission listener; the MX never offers it. */
    static String via(SMTPSession session) {
        String remote = session.getRemoteAddress() == null ? "" : session.getRemoteAddress().getAddress().getHostAddress();
        return session.getConfiguration().isAuthAnnounced(remote, true) ? SUBMISSION : MX;
    }

    public static List<String> addresses(List<MailAddress> recipients) {
        return recipients.stream().map(MailAddress::asString).toList();
    }
}
