package fr.caducee.mailets.smtp;

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
 * When the MX port accepts a message, records the hop in the audit trail with the peer operator's proven identity,
 * and attaches that identity to the mail ({@code caducee.peer.*} attributes) for the rules that run after.
 */
public class AcceptedFromPeerHook implements JamesMessageHook {
    private static final Logger AUDIT = LoggerFactory.getLogger("fr.caducee.audit");
    public static final String ATTRIBUTE_PREFIX = "caducee.peer.";

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        session.getAttachment(PeerCertificateHook.PEER, org.apache.james.protocols.api.ProtocolSession.State.Connection)
            .ifPresent(peer -> {
                mail.setAttribute(attribute("subject", peer.subject()));
                mail.setAttribute(attribute("issuer", peer.issuer()));
                mail.setAttribute(attribute("serial", peer.serial()));
                mail.setAttribute(attribute("san", String.join(",", peer.dnsNames())));
                AUDIT.info("decision=accepted via=mx mail={} sender={} recipients={} size={} session={} remote={} {}",
                    mail.getName(), mail.getMaybeSender().asString(), mail.getRecipients(), size(mail),
                    session.getSessionID(), session.getRemoteAddress(), peer.describe());
            });
        return HookResult.DECLINED;
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
