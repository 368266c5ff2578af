package fr.caducee.mailets.smtp;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeUtility;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;

/**
 * On the MX port: {@code X-Caducee-Peer: <subject>; serial=<hex>; issuer=<issuer>} tells the recipient which
 * operator delivered the message, as its certificate proved during the mutual TLS handshake and
 * {@link PeerCertificateHook} checked. Names are RFC 4514 distinguished names, in which a {@code ;} inside a value
 * is escaped, so the fields split unambiguously. It replaces any header of that name the peer wrote.
 */
public class PeerHeaderHook implements JamesMessageHook {
    public static final String HEADER = ForgeableHeadersHook.OWN_PREFIX + "Peer";

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        Optional<PeerIdentity> peer = session.getAttachment(PeerCertificateHook.PEER, ProtocolSession.State.Connection);
        if (peer.isEmpty()) {
            return HookResult.DECLINED;
        }
        try {
            mail.getMessage().setHeader(HEADER, value(peer.get()));
            return HookResult.DECLINED;
        } catch (MessagingException e) {
            return new SmtpRefusal("451", "4.3.0", "identity-header-failed",
                "The message could not be prepared: try again later").refuse(session, "DATA");
        }
    }

    static String value(PeerIdentity peer) {
        String value = printable(peer.subject()) + "; serial=" + printable(peer.serial()) + "; issuer=" + printable(peer.issuer());
        if (StandardCharsets.US_ASCII.newEncoder().canEncode(value)) {
            return MimeUtility.fold(HEADER.length() + 2, value);
        }
        try {
            // A name with accents (O=Hôpital...) travels as RFC 2047 encoded words, as unstructured headers allow.
            return MimeUtility.fold(HEADER.length() + 2, MimeUtility.encodeText(value, "UTF-8", "Q"));
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    /** Control characters in a certificate name would end the header early: never written as such. */
    private static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}
