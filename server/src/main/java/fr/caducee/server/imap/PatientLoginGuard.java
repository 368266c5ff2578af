package fr.caducee.server.imap;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.IRAuthenticateRequest;
import org.apache.james.imap.message.request.LoginRequest;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;

import fr.caducee.audit.AuditTrail;
import fr.caducee.rules.Rule;
import fr.caducee.rules.transport.MailClientLogins;
import reactor.core.publisher.Mono;

/**
 * A patient's address at LOGIN, or in the initial response of {@code AUTHENTICATE PLAIN}, is answered
 * {@code NO [AUTHENTICATIONFAILED]} with the sentence that sends patients to the webmail, before the password is
 * looked at, and audited under {@code patient-mail-client}. Which logins: {@link MailClientLogins} (the users
 * repository decides; {@code caducee.patients.mailClients=true} lets them through). {@code AUTHENTICATE PLAIN}
 * without an initial response reaches it as one: {@link SectorLoginGuard}, in front, reads the client's line.
 */
public final class PatientLoginGuard implements ImapProcessor {
    static final Rule RULE = Rule.PATIENT_MAIL_CLIENT;
    /** James 3.8.1 has no AUTHENTICATIONFAILED code to build (RFC 5530): written at the head of the text. */
    static final HumanReadableText USE_THE_WEBMAIL = new HumanReadableText("caducee.imap.PATIENT_MAIL_CLIENT",
        "[AUTHENTICATIONFAILED] " + MailClientLogins.SENTENCE);

    private final ImapProcessor processors;
    private final StatusResponseFactory responses;
    private final AuditedCommandRefusals refusals;
    private final MailClientLogins logins;

    @Inject
    public PatientLoginGuard(SelectionReleasingProcessor processors, UnpooledStatusResponseFactory responses,
                             AuditTrail trail, MailClientLogins logins) {
        this(processors, responses, new AuditedCommandRefusals(trail), logins);
    }

    PatientLoginGuard(ImapProcessor processors, StatusResponseFactory responses, AuditedCommandRefusals refusals,
                      MailClientLogins logins) {
        this.processors = processors;
        this.responses = responses;
        this.refusals = refusals;
        this.logins = logins;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        Optional<Username> login = loginOf(message).filter(logins::refusesPassword);
        if (login.isEmpty()) {
            return processors.processReactive(message, responder, session);
        }
        ImapRequest request = (ImapRequest) message;
        return Mono.fromRunnable(() -> {
            responder.respond(responses.taggedNo(request.getTag(), null, USE_THE_WEBMAIL));
            refusals.refusedLogin(session, RULE, "NO " + USE_THE_WEBMAIL.getDefaultValue() + " ("
                + request.getCommand().getName() + ")", login.get().asString());
        });
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        processors.configure(imapConfiguration);
    }

    /** The login a command tries with a password, when it names it: LOGIN, or PLAIN's initial response. */
    static Optional<Username> loginOf(ImapMessage message) {
        if (message instanceof LoginRequest login) {
            return Optional.ofNullable(login.getUserid());
        }
        if (message instanceof IRAuthenticateRequest authenticate
                && authenticate.getAuthType().toUpperCase(Locale.ROOT).equals("PLAIN")) {
            return authenticationId(authenticate.getInitialClientResponse());
        }
        return Optional.empty();
    }

    /** RFC 4616: {@code [authzid] NUL authcid NUL passwd}, base64; the authentication identity is whose password it is. */
    private static Optional<Username> authenticationId(String initialResponse) {
        try {
            String[] parts = new String(Base64.getMimeDecoder().decode(initialResponse), StandardCharsets.UTF_8)
                .split("\0", -1);
            return parts.length == 3 && !parts[1].isEmpty() ? Optional.of(Username.of(parts[1])) : Optional.empty();
        } catch (IllegalArgumentException e) {
            // Not base64, or not a user name: James answers it as it does.
            return Optional.empty();
        }
    }
}
