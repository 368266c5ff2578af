package fr.caducee.rules.smtp;

import java.text.Normalizer;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.WelcomeMessageHandler;

/**
 * The {@code 220} greeting as RFC 5321 4.2 writes it: the server's name first, then {@code ESMTP} and the listener's
 * {@code <smtpGreeting>} ({@code 220 mx.chu.example ESMTP Caducee MX}). James wrote the configured greeting alone,
 * without the server's name, and as configured ({@code Caducée}: not ASCII, which SMTP replies must be); accents are
 * taken off, any other character outside printable ASCII becomes {@code ?}.
 */
public class Greeting extends WelcomeMessageHandler {
    static final String DEFAULT = "Caducee";

    @Override
    public Response onConnect(SMTPSession session) {
        String greeting = session.getConfiguration().getGreeting();
        return new SMTPResponse(SMTPRetCode.SERVICE_READY, session.getConfiguration().getHelloName() + " ESMTP "
            + ascii(greeting == null || greeting.isBlank() ? DEFAULT : greeting.strip()));
    }

    /** {@code Caducée} becomes {@code Caducee}. */
    static String ascii(String text) {
        String withoutAccents = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return withoutAccents.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
