package fr.caducee.rules.transport;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.BaseRequest;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.AuthCmdHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.rules.Rule;
import fr.caducee.rules.audit.RefusalAuditHook;
import fr.caducee.rules.smtp.SmtpAudit;
import fr.caducee.rules.smtp.SmtpRefusal;
import fr.caducee.rules.transport.SaslLogins.LoggedIn;
import fr.caducee.rules.transport.SaslLogins.LoginContext;
import fr.caducee.rules.transport.SaslLogins.LoginOutcome;
import fr.caducee.rules.transport.SaslLogins.Refused;

/**
 * James's AUTH command, refused before TLS whatever the mechanism, and after TLS extended with the sector's logins
 * ({@link SaslLogins}): Pro Santé Connect tokens (OAUTHBEARER, XOAUTH2), a client certificate (EXTERNAL) and an ORG
 * box opened by its member with their own password ({@code PLAIN} or {@code LOGIN} as {@code box*member}).
 *
 * <p>Before TLS: James's {@code <requireSSL>} only hides AUTH from the EHLO answer: a client that sends
 * {@code AUTH PLAIN} in clear anyway is logged in ({@code 235}), its password having crossed the network readable.
 * Here it gets {@code 530 5.7.0} (RFC 3207: "Must issue a STARTTLS command first"), the same answer for a right and
 * a wrong password, and the session stays unauthenticated. The refusal is recorded here: James's AUTH handler calls
 * no result hook, so {@link RefusalAuditHook} does not see it.
 *
 * <p>After TLS, on a listener that takes box logins (its {@code plainAuthEnabled}: submission, not the MX, which
 * keeps James's answers), the sector's logins are answered here: logged in, {@code 235 2.7.0} and the session's user
 * is the box, so that the sender rules see the box; refused, {@code 535 5.7.8} and the sentence (OAUTHBEARER first
 * sends its error challenge, RFC 7628 3.2.2); nothing decided, {@code 454 4.7.0}. {@link SaslLogins} audits each
 * outcome. Ordinary PLAIN and LOGIN go on to James's password check. OAUTHBEARER and XOAUTH2 when no token login is
 * configured get James's unknown-mechanism answer.
 */
public class TlsFirstAuthCmdHandler extends AuthCmdHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(TlsFirstAuthCmdHandler.class);
    static final SmtpRefusal AUTH_BEFORE_TLS = Rule.AUTH_REQUIRES_TLS.refusal(
        "Must issue a STARTTLS command first: credentials are taken only over TLS (STARTTLS, or the implicit TLS port)");
    static final String PROTOCOL = "submission";
    private static final Response ABORTED = new SMTPResponse("501", "5.7.0 Authentication aborted").immutable();
    private static final Response UNREADABLE = new SMTPResponse("501", "5.5.2 Cannot decode the response: "
        + "send base64, or = for none").immutable();
    private static final String ASK_USERNAME = "VXNlcm5hbWU6";
    private static final String ASK_PASSWORD = "UGFzc3dvcmQ6";

    private final AuditTrail trail;
    private final SaslLogins logins;

    @Inject
    public TlsFirstAuthCmdHandler(AuditTrail trail, SaslLogins logins) {
        this.trail = trail;
        this.logins = logins;
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (!session.isTLSStarted()) {
            return refusedBeforeTls(session, request);
        }
        String argument = request.getArgument();
        if (session.getUsername() != null || !takesBoxLogins(session) || argument == null || argument.isBlank()) {
            return super.onCommand(session, request);
        }
        String[] words = argument.strip().split("\\s+", 2);
        String mechanism = words[0].toUpperCase(Locale.ROOT);
        Optional<String> initial = words.length == 2 ? Optional.of(words[1]) : Optional.empty();
        return switch (mechanism) {
            case SaslResponses.OAUTHBEARER, SaslResponses.XOAUTH2 -> offered(session, mechanism)
                ? withResponse(session, initial, response -> bearer(session, mechanism, response))
                : super.onCommand(session, request);
            case SaslResponses.EXTERNAL -> withResponse(session, initial, response -> external(session, response));
            case SaslResponses.PLAIN -> withResponse(session, initial, response -> plain(session, response));
            case SaslResponses.LOGIN -> initial.isPresent() ? loginName(session, initial.get())
                : ask(session, ASK_USERNAME, name -> loginName(session, name));
            default -> super.onCommand(session, request);
        };
    }

    /** EHLO's AUTH line after TLS, on a listener that takes box logins: James's PLAIN and LOGIN, then the sector's. */
    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        List<String> james = super.getImplementedEsmtpFeatures(session);
        if (james.isEmpty() || !session.isTLSStarted() || !takesBoxLogins(session)) {
            return james;
        }
        List<String> mechanisms = new ArrayList<>(List.of(SaslResponses.LOGIN, SaslResponses.PLAIN));
        mechanisms.addAll(logins.mechanisms(!ClientCertificates.of(session.getSSLSession()).isEmpty()));
        String joined = String.join(" ", mechanisms);
        return List.of("AUTH " + joined, "AUTH=" + joined);
    }

    /** The MX takes no password ({@code plainAuthEnabled} false): it takes no other login either. */
    private static boolean takesBoxLogins(SMTPSession session) {
        return session.getConfiguration().isPlainAuthEnabled();
    }

    private boolean offered(SMTPSession session, String mechanism) {
        return logins.mechanisms(!ClientCertificates.of(session.getSSLSession()).isEmpty()).contains(mechanism);
    }

    private Response bearer(SMTPSession session, String mechanism, String response) {
        LoginOutcome outcome = logins.bearer(mechanism, response.strip(), context(session));
        if (outcome instanceof Refused refused && mechanism.equals(SaslResponses.OAUTHBEARER)) {
            // RFC 7628 3.2.2: the error challenge, the client's %x01, then the failure.
            return ask(session, SaslResponses.errorChallenge(refused.rule()), ignored -> answer(session, outcome));
        }
        return answer(session, outcome);
    }

    private Response external(SMTPSession session, String response) {
        if (!SaslResponses.readableExternal(response)) {
            return UNREADABLE;
        }
        return answer(session, logins.external(SaslResponses.externalAuthorizationId(response),
            ClientCertificates.of(session.getSSLSession()), context(session)));
    }

    /** A delegated PLAIN is ours; any other goes to James's password check as if sent as an initial response. */
    private Response plain(SMTPSession session, String response) {
        Optional<SaslResponses.Plain> plain = SaslResponses.plain(response).filter(SaslResponses.Plain::delegated);
        if (plain.isEmpty()) {
            return super.onCommand(session, new BaseRequest("AUTH", SaslResponses.PLAIN + " " + response.strip()));
        }
        // The login names the box; an authorisation identity beside it is not read.
        return delegated(session, plain.get().login(), plain.get().password());
    }

    /** LOGIN's user name: a delegated one asks for the password here, any other goes on with James. */
    private Response loginName(SMTPSession session, String encodedName) {
        Optional<String> name = SaslResponses.decode(encodedName)
            .filter(login -> login.contains(SaslLogins.DELEGATION_SEPARATOR));
        if (name.isEmpty()) {
            return super.onCommand(session, new BaseRequest("AUTH", SaslResponses.LOGIN + " " + encodedName.strip()));
        }
        return ask(session, ASK_PASSWORD, password -> SaslResponses.decode(password)
            .map(decoded -> delegated(session, name.get(), decoded))
            .orElse(UNREADABLE));
    }

    private Response delegated(SMTPSession session, String login, String password) {
        return logins.delegated(login, password, context(session))
            .map(outcome -> answer(session, outcome))
            // SaslLogins takes every login holding the separator: a safety net, answered as a wrong password.
            .orElseGet(() -> new SMTPResponse(AuthFailureHook.INVALID_CREDENTIALS.replyCode(),
                AuthFailureHook.INVALID_CREDENTIALS.description()));
    }

    private static Response answer(SMTPSession session, LoginOutcome outcome) {
        if (outcome instanceof LoggedIn loggedIn) {
            session.setUsername(Username.of(loggedIn.box()));
            session.setRelayingAllowed(true);
            return new SMTPResponse("235", "2.7.0 Authentication successful: " + loggedIn.box());
        }
        SmtpRefusal refusal = outcome instanceof Refused refused
            ? refused.rule().refusal(refused.sentence())
            : Rule.LOGIN_UNAVAILABLE.refusal(((SaslLogins.Unavailable) outcome).sentence());
        return new SMTPResponse(refusal.replyCode(), refusal.description());
    }

    /** The client's response: the initial one, or the line it sends after an empty challenge. */
    private Response withResponse(SMTPSession session, Optional<String> initial, Function<String, Response> then) {
        return initial.isPresent() ? then.apply(initial.get()) : ask(session, "", then);
    }

    /** A challenge ({@code 334}), the client's next line then going to {@code then}; {@code *} cancels (RFC 4954). */
    private static Response ask(SMTPSession session, String challenge, Function<String, Response> then) {
        session.pushLineHandler(new LineHandler<SMTPSession>() {
            @Override
            public Response onLine(SMTPSession current, byte[] bytes) {
                current.popLineHandler();
                String line = new String(bytes, StandardCharsets.US_ASCII).strip();
                return line.equals("*") ? ABORTED : then.apply(line);
            }
        });
        return new SMTPResponse("334", challenge);
    }

    private static LoginContext context(SMTPSession session) {
        InetSocketAddress remote = session.getRemoteAddress();
        return new LoginContext(PROTOCOL, session.getSessionID(),
            remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress());
    }

    private Response refusedBeforeTls(SMTPSession session, Request request) {
        try {
            // The mechanism alone: an initial response may hold a password.
            trail.append(SmtpAudit.record(Decision.REFUSED, session)
                .rule(AUTH_BEFORE_TLS.rule())
                .reason(AUTH_BEFORE_TLS.reply() + " (AUTH " + mechanism(request) + ")")
                .build());
        } catch (AuditUnavailableException e) {
            LOGGER.error("AUTH before TLS refused but not recorded in the audit trail ({}) session={}", e.getMessage(),
                session.getSessionID());
        }
        return new SMTPResponse(AUTH_BEFORE_TLS.replyCode(), AUTH_BEFORE_TLS.description());
    }

    private static String mechanism(Request request) {
        String argument = request.getArgument();
        if (argument == null || argument.isBlank()) {
            return "without a mechanism";
        }
        String first = argument.trim().split("\\s+", 2)[0];
        return first.length() > 20 ? first.substring(0, 20) : first;
    }
}
