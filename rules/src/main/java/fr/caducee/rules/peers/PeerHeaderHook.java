package fr.caducee.rules.peers;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeUtility;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;

import fr.caducee.rules.Rule;
import fr.caducee.rules.senders.ForgeableHeadersHook;

/**
 * On the MX port: {@code X-Caducee-Peer: <subject>; serial=<hex>; issuer=<issuer>} tells the recipient which
 * operator delivered the message, as its certificate proved during the mutual TLS handshake and
 * {@link PeerCertificateHook} checked. Names are RFC 4514 distinguished names, in which a {@code ;} inside a value
 * is escaped, so the fields split unambiguously; other characters than printable ASCII are escaped too (see
 * {@link #ascii}). It replaces any header of that name the peer wrote.
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
            mail.getMessage().setHeader(HEADER, valueFor(session, peer.get()));
            return HookResult.DECLINED;
        } catch (MessagingException e) {
            return Rule.IDENTITY_HEADER_FAILED.refusal(
                "The message could not be prepared: try again later").refuse(session, "DATA");
        }
    }

    /** The header's value, written once per connection (the same identity for all its messages). */
    private static String valueFor(SMTPSession session, PeerIdentity peer) {
        Optional<Written> written = session.getAttachment(WRITTEN, ProtocolSession.State.Connection)
            .filter(earlier -> earlier.peer().equals(peer));
        if (written.isPresent()) {
            return written.get().value();
        }
        String value = value(peer);
        session.setAttachment(WRITTEN, new Written(peer, value), ProtocolSession.State.Connection);
        return value;
    }

    private record Written(PeerIdentity peer, String value) {
    }

    private static final ProtocolSession.AttachmentKey<Written> WRITTEN =
        ProtocolSession.AttachmentKey.of("caducee.peer.header", Written.class);

    public static String value(PeerIdentity peer) {
        return MimeUtility.fold(HEADER.length() + 2,
            ascii(peer.subject()) + "; serial=" + ascii(peer.serial()) + "; issuer=" + ascii(peer.issuer()));
    }

    /**
     * Characters outside printable ASCII escaped the RFC 4514 way, as {@code \XX} per UTF-8 byte
     * ({@code O=H\C3\B4pital}): the header stays plain ASCII and the name still parses to the same one. Control
     * characters could otherwise end the header early.
     */
    static String ascii(String name) {
        StringBuilder escaped = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            if (c >= 0x20 && c < 0x7f) {
                escaped.append((char) c);
            } else {
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    escaped.append('\\').append(String.format("%02X", b & 0xff));
                }
            }
        });
        return escaped.toString();
    }
}
