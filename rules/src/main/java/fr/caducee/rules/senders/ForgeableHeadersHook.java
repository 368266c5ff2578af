package fr.caducee.rules.senders;

import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.rules.Rule;
import fr.caducee.rules.peers.PeerHeaderHook;

/**
 * At the end of DATA, on every listener: removes the headers only this server may write, whoever sent them (a mail
 * client on submission, another operator on the MX), so that what the recipient reads in them was established
 * here:
 * <ul>
 *   <li>every {@code X-Caducee-*} header: our identity and trace headers ({@link AuthenticatedHeaderHook},
 *       {@link PeerHeaderHook}) and the result of an S/MIME signature's check ({@code X-Caducee-Signature},
 *       {@code server.smime.SignatureCheck}); another Caducée operator's are its own business and do not cross over;</li>
 *   <li>{@code Return-Path}: written at final delivery from the envelope sender (RFC 5321 section 4.4).</li>
 * </ul>
 * List it before the hooks that write our own headers.
 */
public class ForgeableHeadersHook implements JamesMessageHook {
    public static final String OWN_PREFIX = "X-Caducee-";
    public static final String RETURN_PATH = "Return-Path";
    private static final Logger LOGGER = LoggerFactory.getLogger(ForgeableHeadersHook.class);

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        try {
            MimeMessage message = mail.getMessage();
            Set<String> forged = new LinkedHashSet<>();
            Enumeration<Header> headers = message.getAllHeaders();
            while (headers.hasMoreElements()) {
                String name = headers.nextElement().getName();
                if (isOurs(name)) {
                    forged.add(name);
                }
            }
            for (String name : forged) {
                message.removeHeader(name);
            }
            if (!forged.isEmpty()) {
                LOGGER.info("Removed headers {} written by the sender of {} (session {})", forged, mail.getName(),
                    session.getSessionID());
            }
            return HookResult.DECLINED;
        } catch (MessagingException e) {
            LOGGER.warn("Could not read the headers of {}", mail.getName(), e);
            return Rule.FORGEABLE_HEADERS_FAILED.refusal(
                "The message could not be prepared: try again later").refuse(session, "DATA");
        }
    }

    static boolean isOurs(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith(OWN_PREFIX.toLowerCase(Locale.ROOT)) || lower.equals(RETURN_PATH.toLowerCase(Locale.ROOT));
    }
}
