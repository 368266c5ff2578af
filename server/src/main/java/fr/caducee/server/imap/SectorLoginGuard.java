package fr.caducee.server.imap;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.Capability;
import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.AuthenticateRequest;
import org.apache.james.imap.message.request.CapabilityRequest;
import org.apache.james.imap.message.request.IRAuthenticateRequest;
import org.apache.james.imap.message.response.CapabilityResponse;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.rules.Rule;
import fr.caducee.rules.transport.ClientCertificates;
import fr.caducee.rules.transport.SaslLogins;
import fr.caducee.rules.transport.SaslLogins.LoggedIn;
import fr.caducee.rules.transport.SaslLogins.LoginContext;
import fr.caducee.rules.transport.SaslLogins.LoginOutcome;
import fr.caducee.rules.transport.SaslLogins.Refused;
import fr.caducee.rules.transport.SaslLogins.Unavailable;
import fr.caducee.rules.transport.SaslResponses;
import fr.caducee.server.imap.DelegatedLoginParser.DelegatedLoginRequest;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The sector's ways into a box over IMAP, once the connection is encrypted ({@link TlsFirstLoginGuard} refuses every
 * login before): {@code AUTHENTICATE OAUTHBEARER} and {@code XOAUTH2} with a Pro Santé Connect token,
 * {@code AUTHENTICATE EXTERNAL} with the client certificate of the TLS handshake, and {@code LOGIN} or
 * {@code AUTHENTICATE PLAIN} whose login is {@code box*member}. Each with an initial response (SASL-IR, RFC 4959) or
 * without ({@code + }, then the client's line). {@link SaslLogins} decides and audits; this answers:
 * <ul>
 *   <li>logged in: the session is the box's, its INBOX provisioned as James does ({@link BoxSessions}), and
 *       {@code OK [CAPABILITY ...]};</li>
 *   <li>refused: {@code NO [AUTHENTICATIONFAILED]} and the sentence, counted with James's own failed logins (the
 *       third closes the connection); OAUTHBEARER first sends its error challenge (RFC 7628 3.2.2);</li>
 *   <li>nothing decided (provider or directory away): {@code NO [UNAVAILABLE]} and the sentence.</li>
 * </ul>
 * CAPABILITY lists {@code AUTH=OAUTHBEARER AUTH=XOAUTH2} when token logins are configured and {@code AUTH=EXTERNAL}
 * when the client showed a certificate ({@link SaslLogins#mechanisms}); OAUTHBEARER or XOAUTH2 when token logins are
 * not configured get James's unsupported-mechanism answer. Every other login goes on to James's password check.
 */
public final class SectorLoginGuard implements ImapProcessor {
    private static final Logger LOGGER = LoggerFactory.getLogger(SectorLoginGuard.class);
    static final String PROTOCOL = "imap";
    /** James's own count of failed logins in the session (AbstractAuthProcessor), shared so both paths count. */
    static final String FAILURES = "org.apache.james.imap.processor.imap4rev1.NUMBER_OF_FAILURES";
    static final int MAX_FAILURES = 3;
    static final HumanReadableText CANCELLED = new HumanReadableText("caducee.imap.SASL_CANCELLED",
        "AUTHENTICATE cancelled by the client");
    static final HumanReadableText UNREADABLE = new HumanReadableText("caducee.imap.SASL_UNREADABLE",
        "Cannot decode the response: send base64, or = for none");
    static final HumanReadableText NOT_OPENED = new HumanReadableText("caducee.imap.BOX_NOT_OPENED",
        "[UNAVAILABLE] The box could not be opened: try again in a moment");

    private final ImapProcessor processors;
    private final StatusResponseFactory responses;
    private final SaslLogins logins;
    private final BoxSessions boxes;
    private volatile boolean provisionDefaultMailboxes = ImapConfiguration.DEFAULT_PROVISION_DEFAULT_MAILBOXES;

    @Inject
    public SectorLoginGuard(PatientLoginGuard processors, UnpooledStatusResponseFactory responses, SaslLogins logins,
                            MailboxManager mailboxes) {
        this((ImapProcessor) processors, responses, logins, new BoxSessions(mailboxes));
    }

    SectorLoginGuard(ImapProcessor processors, StatusResponseFactory responses, SaslLogins logins, BoxSessions boxes) {
        this.processors = processors;
        this.responses = responses;
        this.logins = logins;
        this.boxes = boxes;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (!session.isTLSActive()) {
            return processors.processReactive(message, responder, session);
        }
        if (message instanceof CapabilityRequest) {
            return processors.processReactive(message, withSectorMechanisms(responder, session), session);
        }
        if (message instanceof DelegatedLoginRequest login) {
            return decide(() -> delegated(login.login(), login.password(), session))
                .flatMap(outcome -> answer(login, SaslResponses.LOGIN, outcome, responder, session));
        }
        if (message instanceof AuthenticateRequest authenticate) {
            return authenticate(authenticate, responder, session);
        }
        return processors.processReactive(message, responder, session);
    }

    private Mono<Void> authenticate(AuthenticateRequest request, Responder responder, ImapSession session) {
        String mechanism = request.getAuthType().toUpperCase(Locale.ROOT);
        Optional<String> initial = request instanceof IRAuthenticateRequest withResponse
            ? Optional.of(withResponse.getInitialClientResponse()) : Optional.empty();
        switch (mechanism) {
            case SaslResponses.OAUTHBEARER, SaslResponses.XOAUTH2 -> {
                if (!mechanisms(session).contains(mechanism)) {
                    return Mono.fromRunnable(() -> responder.respond(responses.taggedNo(request.getTag(),
                        request.getCommand(), HumanReadableText.UNSUPPORTED_AUTHENTICATION_MECHANISM)));
                }
                return response(initial, request, responder, session, line ->
                    decide(() -> logins.bearer(mechanism, line, context(session)))
                    .flatMap(outcome -> answer(request, mechanism, outcome, responder, session)));
            }
            case SaslResponses.EXTERNAL -> {
                return response(initial, request, responder, session, line -> {
                    if (!SaslResponses.readableExternal(line)) {
                        return Mono.fromRunnable(() -> responder.respond(
                            responses.taggedBad(request.getTag(), request.getCommand(), UNREADABLE)));
                    }
                    return decide(() -> logins.external(SaslResponses.externalAuthorizationId(line),
                            ClientCertificates.of(session.getSSLSession()), context(session)))
                        .flatMap(outcome -> answer(request, mechanism, outcome, responder, session));
                });
            }
            case SaslResponses.PLAIN -> {
                if (initial.isPresent()) {
                    return plain(request, initial.get(), responder, session, request);
                }
                return response(initial, request, responder, session, line -> plain(request, line, responder,
                    session, new IRAuthenticateRequest(request.getAuthType(), request.getTag(), line)));
            }
            default -> {
                return processors.processReactive(request, responder, session);
            }
        }
    }

    /** A delegated PLAIN is ours; any other goes on to James, as an initial response when it came on its own line. */
    private Mono<Void> plain(AuthenticateRequest request, String response, Responder responder, ImapSession session,
                             AuthenticateRequest forJames) {
        Optional<SaslResponses.Plain> plain = SaslResponses.plain(response).filter(SaslResponses.Plain::delegated);
        if (plain.isEmpty()) {
            return processors.processReactive(forJames, responder, session);
        }
        // The login names the box; an authorisation identity beside it is not read.
        return decide(() -> delegated(plain.get().login(), plain.get().password(), session))
            .flatMap(outcome -> answer(request, SaslResponses.PLAIN, outcome, responder, session));
    }

    private LoginOutcome delegated(String login, String password, ImapSession session) {
        // SaslLogins takes every login holding the separator; should it not, the login is refused as unknown.
        return logins.delegated(login, password, context(session))
            .orElseGet(() -> new Refused(Rule.DELEGATED_LOGIN_REFUSED, "Authentication credentials invalid: check "
                + "the box address, the member's address and password (" + Rule.DELEGATED_LOGIN_REFUSED.id() + ")"));
    }

    /**
     * A decision may wait for the provider or the directory: taken off the connection's event loop, where James runs
     * the command.
     */
    private static Mono<LoginOutcome> decide(Callable<LoginOutcome> decision) {
        return Mono.fromCallable(decision).subscribeOn(Schedulers.boundedElastic());
    }

    /** The initial response, or the client's line after an empty challenge; {@code *} cancels (RFC 9051 6.2.2). */
    private Mono<Void> response(Optional<String> initial, ImapRequest request, Responder responder,
                                ImapSession session, Function<String, Mono<Void>> then) {
        if (initial.isPresent()) {
            return then.apply(initial.get());
        }
        return SaslContinuation.ask(session, responder, "").flatMap(line -> line.equals("*")
            ? Mono.fromRunnable(() -> responder.respond(responses.taggedBad(request.getTag(), request.getCommand(),
                CANCELLED)))
            : then.apply(line));
    }

    private Mono<Void> answer(ImapRequest request, String mechanism, LoginOutcome outcome, Responder responder,
                              ImapSession session) {
        session.stopDetectingCommandInjection();
        if (outcome instanceof LoggedIn loggedIn) {
            return loggedIn(request, loggedIn, responder, session);
        }
        if (outcome instanceof Refused refused) {
            if (mechanism.equals(SaslResponses.OAUTHBEARER)) {
                // RFC 7628 3.2.2: the error challenge, the client's %x01 (or anything), then the failure.
                return SaslContinuation.ask(session, responder, SaslResponses.errorChallenge(refused.rule()))
                    .then(Mono.fromRunnable(() -> refused(request, refused, responder, session)));
            }
            return Mono.fromRunnable(() -> refused(request, refused, responder, session));
        }
        Unavailable unavailable = (Unavailable) outcome;
        return Mono.fromRunnable(() -> responder.respond(responses.taggedNo(request.getTag(), null,
            new HumanReadableText("caducee.imap.LOGIN_UNAVAILABLE", "[UNAVAILABLE] " + unavailable.sentence()))));
    }

    private Mono<Void> loggedIn(ImapRequest request, LoggedIn loggedIn, Responder responder, ImapSession session) {
        try {
            session.setMailboxSession(boxes.open(loggedIn.box(), provisionDefaultMailboxes));
            session.authenticated();
        } catch (MailboxException | RuntimeException e) {
            LOGGER.error("Box {} opened by {} but its mailboxes could not be read", loggedIn.box(),
                loggedIn.identity(), e);
            return Mono.fromRunnable(() -> responder.respond(responses.taggedNo(request.getTag(), null, NOT_OPENED)));
        }
        return capabilities(request, session).doOnNext(capabilities -> responder.respond(responses.taggedOk(
            request.getTag(), null, new HumanReadableText("caducee.imap.LOGGED_IN", "[CAPABILITY "
                + capabilities.stream().map(Capability::asString).collect(Collectors.joining(" ")) + "] Logged in: "
                + loggedIn.box())))).then();
    }

    /** NO with the sentence; the third failed login of the session (James's count) closes it, as James does. */
    private void refused(ImapRequest request, Refused refused, Responder responder, ImapSession session) {
        responder.respond(responses.taggedNo(request.getTag(), null,
            new HumanReadableText("caducee.imap.LOGIN_REFUSED", "[AUTHENTICATIONFAILED] " + refused.sentence())));
        Integer before = (Integer) session.getAttribute(FAILURES);
        int failures = before == null ? 1 : before + 1;
        if (failures < MAX_FAILURES) {
            session.setAttribute(FAILURES, failures);
            return;
        }
        responder.respond(responses.bye(HumanReadableText.TOO_MANY_FAILURES));
        // Written now: James closes a logged-out session's connection before it flushes the command's answers.
        responder.flush();
        session.logout().block();
    }

    /** What James's CAPABILITY lists in this state, with the sector's mechanisms. */
    private Mono<Set<Capability>> capabilities(ImapRequest request, ImapSession session) {
        AtomicReference<Set<Capability>> listed = new AtomicReference<>(Set.of());
        Responder capture = new Responder() {
            @Override
            public void respond(ImapResponseMessage message) {
                if (message instanceof CapabilityResponse capabilities) {
                    listed.set(capabilities.getCapabilities());
                }
            }

            @Override
            public void flush() {
            }
        };
        return processors.processReactive(new CapabilityRequest(request.getTag()), capture, session)
            .then(Mono.fromCallable(() -> withSectorMechanisms(listed.get(), session)));
    }

    private Responder withSectorMechanisms(Responder responder, ImapSession session) {
        return new Responder() {
            @Override
            public void respond(ImapResponseMessage message) {
                responder.respond(message instanceof CapabilityResponse capabilities
                    ? new CapabilityResponse(withSectorMechanisms(capabilities.getCapabilities(), session))
                    : message);
            }

            @Override
            public void flush() {
                responder.flush();
            }
        };
    }

    private Set<Capability> withSectorMechanisms(Set<Capability> james, ImapSession session) {
        Set<Capability> all = new LinkedHashSet<>(james);
        mechanisms(session).forEach(mechanism -> all.add(Capability.of("AUTH=" + mechanism)));
        return all;
    }

    private List<String> mechanisms(ImapSession session) {
        return logins.mechanisms(!ClientCertificates.of(session.getSSLSession()).isEmpty());
    }

    private static LoginContext context(ImapSession session) {
        return new LoginContext(PROTOCOL, session.sessionId().asString(), RemoteAddress.of(session));
    }

    @Override
    public void configure(ImapConfiguration configuration) {
        provisionDefaultMailboxes = configuration.isProvisionDefaultMailboxes();
        processors.configure(configuration);
    }
}
