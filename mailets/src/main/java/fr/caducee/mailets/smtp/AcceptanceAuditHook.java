package fr.caducee.mailets.smtp;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in the audit trail every message SMTP accepts: from a peer operator on the MX port, with the identity its
 * certificate proved (also attached to the mail as {@code caducee.peer.*} attributes for the rules that run after),
 * or from a logged-in box on the submission ports. Runs last among the message hooks, so only what passed every
 * rule is recorded as accepted.
 */
public class AcceptanceAuditHook implements JamesMessageHook {
    private static final Logger AUDIT = LoggerFactory.getLogger("fr.caducee.audit");
    public static final String ATTRIBUTE_PREFIX = "caducee.peer.";

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        session.getAttachment(PeerCertificateHook.PEER, ProtocolSession.State.Connection).ifPresentOrElse(
            peer -> {
                mail.setAttribute(attribute("subject", peer.subject()));
                mail.setAttribute(attribute("issuer", peer.issuer()));
                mail.setAttribute(attribute("serial", peer.serial()));
                mail.setAttribute(attribute("san", String.join(",", peer.dnsNames())));
                audit("mx", session, mail, peer.describe());
            },
            () -> audit("submission", session, mail,
                "login=" + (session.getUsername() == null ? "-" : session.getUsername().asString())));
        return HookResult.DECLINED;
    }

    private static void audit(String via, SMTPSession session, Mail mail, String who) {
        AUDIT.info("decision=accepted via={} mail={} sender={} recipients={} size={} session={} remote={} {}",
            via, mail.getName(), mail.getMaybeSender().asString(), mail.getRecipients(), size(mail),
            session.getSessionID(), session.getRemoteAddress(), who);
    }

    private static Attribute attribute(String name, String value) {
        return new Attribute(AttributeName.of(ATTRIBUTE_PREFIX + name), AttributeValue.of(value));
    }

    private static long size(Mail mail) {
        try {
            return mail.getMessageSize();
        } catch (Exception e) {
            return -1;
        }
    }
}
