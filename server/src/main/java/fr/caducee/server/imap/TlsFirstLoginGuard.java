package fr.caducee.server.imap;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.AuthenticateRequest;
import org.apache.james.imap.message.request.LoginRequest;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;

import fr.caducee.audit.AuditTrail;
import fr.caducee.rules.Rule;
import reactor.core.publisher.Mono;

/**
 * LOGIN and AUTHENTICATE (any mechanism) are refused until the connection is encrypted, before any credential is
 * looked at: {@code NO [PRIVACYREQUIRED]} (RFC 5530), the same answer for a right and a wrong password, and the
 * refusal in the audit trail.
 *
 * <p>LOGIN as {@code box*member} ({@link DelegatedLoginParser}) included; the sector's logins
 * ({@link SectorLoginGuard}) come after this.
 *
 * <p>James 3.8.1 refuses LOGIN and {@code AUTHENTICATE PLAIN} in clear when {@code plainAuthDisallowed} is set, but
 * with a plain {@code NO} and nothing recorded, and leaves the other mechanisms to their own checks. Here the rule
 * holds for every listener and mechanism whatever imapserver.xml says.
 */
public final class TlsFirstLoginGuard implements ImapProcessor {
    static final Rule RULE = Rule.IMAP_LOGIN_REQUIRES_TLS;
    /** No response code outside James's list can be built, so the code is written at the head of the text. */
    static final HumanReadableText PRIVACY_REQUIRED = new HumanReadableText("caducee.imap.PRIVACY_REQUIRED",
        "[PRIVACYREQUIRED] Must issue a STARTTLS command first: log in only over TLS (STARTTLS, or the IMAPS port)");

    private final ImapProcessor processors;
    private final StatusResponseFactory responses;
    private final AuditedCommandRefusals refusals;

    @Inject
    public TlsFirstLoginGuard(SectorLoginGuard processors, UnpooledStatusResponseFactory responses,
                              AuditTrail trail) {
        this(processors, responses, new AuditedCommandRefusals(trail));
    }

    TlsFirstLoginGuard(ImapProcessor processors, StatusResponseFactory responses, AuditedCommandRefusals refusals) {
        this.processors = processors;
        this.responses = responses;
        this.refusals = refusals;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (session.isTLSActive() || !(message instanceof LoginRequest || message instanceof AuthenticateRequest
                || message instanceof DelegatedLoginParser.DelegatedLoginRequest)) {
            return processors.processReactive(message, responder, session);
        }
        ImapRequest request = (ImapRequest) message;
        return Mono.fromRunnable(() -> {
            responder.respond(responses.taggedNo(request.getTag(), null, PRIVACY_REQUIRED));
            refusals.refused(session, RULE, "NO " + PRIVACY_REQUIRED.getDefaultValue() + " ("
                + request.getCommand().getName() + ")");
        });
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        processors.configure(imapConfiguration);
    }
}
