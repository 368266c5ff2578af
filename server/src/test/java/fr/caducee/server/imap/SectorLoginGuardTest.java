package fr.caducee.server.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLSession;

import org.apache.james.core.Username;
import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.Capability;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapLineHandler;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.encode.FakeImapSession;
import org.apache.james.imap.message.request.AuthenticateRequest;
import org.apache.james.imap.message.request.CapabilityRequest;
import org.apache.james.imap.message.request.IRAuthenticateRequest;
import org.apache.james.imap.message.request.LoginRequest;
import org.apache.james.imap.message.response.CapabilityResponse;
import org.apache.james.imap.message.response.ContinuationResponse;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.model.MailboxPath;
import org.junit.jupiter.api.Test;

import fr.caducee.rules.Rule;
import fr.caducee.rules.transport.SaslLogins;
import fr.caducee.rules.transport.SaslLogins.LoggedIn;
import fr.caducee.rules.transport.SaslLogins.LoginContext;
import fr.caducee.rules.transport.SaslLogins.LoginOutcome;
import fr.caducee.rules.transport.SaslLogins.Refused;
import fr.caducee.rules.transport.SaslLogins.Unavailable;
import fr.caducee.rules.transport.SaslResponses;
import reactor.core.publisher.Mono;

class SectorLoginGuardTest {
    static final String ORG = "cardiologie@chu.localhost";
    static final String ORG_LOGIN = ORG + "*dr.martin@chu.localhost";
    static final String TOKEN_RESPONSE = "bixhPWNhcmRpb2xvZ2llQGNodS5sb2NhbGhvc3QsAWF1dGg9QmVhcmVyIHQBAQ==";

    final List<ImapMessage> passedOn = new ArrayList<>();
    final WrittenAnswers answers = new WrittenAnswers();
    final Logins logins = new Logins();
    final Session session = new Session();
    final MailboxManager mailboxes = mock(MailboxManager.class);
    final MailboxSession boxSession = mock(MailboxSession.class);
    final SectorLoginGuard guard = new SectorLoginGuard(new James(), new UnpooledStatusResponseFactory(), logins,
        new BoxSessions(mailboxes));

    SectorLoginGuardTest() throws Exception {
        SessionProvider.AuthorizationStep step = mock(SessionProvider.AuthorizationStep.class);
        when(mailboxes.authenticate(any(Username.class))).thenReturn(step);
        when(step.withoutDelegation()).thenReturn(boxSession);
        when(mailboxes.mailboxExists(any(), any())).thenReturn(Mono.just(true));
        guard.configure(ImapConfiguration.builder().build());
    }

    @Test
    void capabilityAfterTlsListsTheTokenMechanisms() {
        process(new CapabilityRequest(new Tag("a1")));

        assertThat(capabilities()).containsExactly("IMAP4REV1", "AUTH=PLAIN", "SASL-IR", "AUTH=OAUTHBEARER",
            "AUTH=XOAUTH2");
    }

    @Test
    void capabilityListsExternalWhenTheClientShowedACertificate() throws Exception {
        session.showCertificate();
        logins.tokens = false;

        process(new CapabilityRequest(new Tag("a1")));

        assertThat(capabilities()).containsExactly("IMAP4REV1", "AUTH=PLAIN", "SASL-IR", "AUTH=EXTERNAL");
    }

    @Test
    void beforeTlsEverythingGoesOnUntouched() {
        session.tls = false;

        process(new CapabilityRequest(new Tag("a1")));
        process(new IRAuthenticateRequest("OAUTHBEARER", new Tag("a2"), TOKEN_RESPONSE));

        assertThat(passedOn).singleElement().isInstanceOf(IRAuthenticateRequest.class);
        assertThat(capabilities()).containsExactly("IMAP4REV1", "AUTH=PLAIN", "SASL-IR");
        assertThat(logins.asked).isEmpty();
    }

    @Test
    void aTokenOpensTheBoxAndAnswersOkWithTheCapabilities() throws Exception {
        process(new IRAuthenticateRequest("oauthbearer", new Tag("a1"), TOKEN_RESPONSE));

        assertThat(logins.asked).containsExactly("bearer OAUTHBEARER " + TOKEN_RESPONSE);
        assertThat(logins.contexts).singleElement().satisfies(context -> {
            assertThat(context.protocol()).isEqualTo("imap");
            assertThat(context.session()).isEqualTo(session.sessionId().asString());
        });
        verify(mailboxes).authenticate(Username.of(ORG));
        assertThat(session.getState()).isEqualTo(ImapSessionState.AUTHENTICATED);
        assertThat(session.getMailboxSession()).isSameAs(boxSession);
        assertThat(tagged()).isEqualTo("OK [CAPABILITY IMAP4REV1 AUTH=PLAIN SASL-IR AUTH=OAUTHBEARER AUTH=XOAUTH2] "
            + "Logged in: " + ORG);
        assertThat(passedOn).isEmpty();
    }

    @Test
    void theBoxsInboxIsCreatedAtItsFirstLoginWithJamesDefaultMailboxes() throws Exception {
        when(mailboxes.mailboxExists(any(), any())).thenReturn(Mono.just(false));

        process(new IRAuthenticateRequest("XOAUTH2", new Tag("a1"), TOKEN_RESPONSE));

        verify(mailboxes).createMailbox(eq(MailboxPath.inbox(Username.of(ORG))),
            eq(MailboxManager.CreateOption.CREATE_SUBSCRIPTION), eq(boxSession));
        verify(mailboxes).createMailbox(eq(MailboxPath.forUser(Username.of(ORG), "Sent")),
            eq(MailboxManager.CreateOption.CREATE_SUBSCRIPTION), eq(boxSession));
    }

    @Test
    void aTokenWithoutInitialResponseIsAskedForWithAContinuation() {
        Mono<Void> running = guard.processReactive(new AuthenticateRequest("XOAUTH2", new Tag("a1")), answers,
            session);
        running.subscribe();

        await(() -> session.lineHandler != null);
        assertThat(answers).singleElement().isInstanceOf(ContinuationResponse.class);
        assertThat(logins.asked).isEmpty();
        session.answer("dXNlcj0BYXV0aD1CZWFyZXIgdAEB");

        await(() -> answers.size() == 2);
        assertThat(logins.asked).containsExactly("bearer XOAUTH2 dXNlcj0BYXV0aD1CZWFyZXIgdAEB");
        assertThat(tagged()).startsWith("OK [CAPABILITY ");
    }

    @Test
    void aRefusedXoauth2TokenIsAnsweredAuthenticationFailedWithTheSentence() {
        logins.outcome = new Refused(Rule.PSC_TOKEN_SIGNATURE, "Jeton non signe par Pro Sante Connect (psc-token-signature)");

        process(new IRAuthenticateRequest("XOAUTH2", new Tag("a1"), TOKEN_RESPONSE));

        assertThat(tagged()).isEqualTo("NO [AUTHENTICATIONFAILED] Jeton non signe par Pro Sante Connect "
            + "(psc-token-signature)");
        assertThat(session.getState()).isEqualTo(ImapSessionState.NON_AUTHENTICATED);
    }

    @Test
    void aRefusedOauthbearerTokenGetsTheErrorChallengeBeforeTheFailure() {
        logins.outcome = new Refused(Rule.PSC_TOKEN_EXPIRED, "Jeton expire (psc-token-expired)");
        guard.processReactive(new IRAuthenticateRequest("OAUTHBEARER", new Tag("a1"), TOKEN_RESPONSE), answers,
            session).subscribe();

        await(() -> session.lineHandler != null);
        assertThat(answers).singleElement().isInstanceOfSatisfying(ContinuationResponse.class, challenge ->
            assertThat(challenge.getTextKey().getDefaultValue())
                .isEqualTo(SaslResponses.errorChallenge(Rule.PSC_TOKEN_EXPIRED)));
        session.answer("AQ==");

        await(() -> answers.size() == 2);
        assertThat(tagged()).isEqualTo("NO [AUTHENTICATIONFAILED] Jeton expire (psc-token-expired)");
    }

    @Test
    void aProviderOutOfReachIsAnsweredUnavailable() {
        logins.outcome = new Unavailable("Pro Sante Connect injoignable, reessayez (login-unavailable)");

        process(new IRAuthenticateRequest("XOAUTH2", new Tag("a1"), TOKEN_RESPONSE));

        assertThat(tagged()).isEqualTo("NO [UNAVAILABLE] Pro Sante Connect injoignable, reessayez (login-unavailable)");
    }

    @Test
    void tokensNotConfiguredGetTheUnsupportedMechanismAnswer() {
        logins.tokens = false;

        process(new IRAuthenticateRequest("OAUTHBEARER", new Tag("a1"), TOKEN_RESPONSE));
        process(new AuthenticateRequest("XOAUTH2", new Tag("a2")));

        assertThat(logins.asked).isEmpty();
        assertThat(answers).hasSize(2).allSatisfy(answer -> assertThat(((StatusResponse) answer).getTextKey())
            .isEqualTo(HumanReadableText.UNSUPPORTED_AUTHENTICATION_MECHANISM));
    }

    @Test
    void externalGivesTheCertificateOfTheHandshake() throws Exception {
        X509Certificate leaf = session.showCertificate();
        logins.outcome = new LoggedIn("dpi@chu.localhost", "CN=dpi@chu.localhost");

        process(new IRAuthenticateRequest("EXTERNAL", new Tag("a1"), "="));

        assertThat(logins.asked).containsExactly("external Optional.empty");
        assertThat(logins.chains).containsExactly(List.of(leaf));
        verify(mailboxes).authenticate(Username.of("dpi@chu.localhost"));
    }

    @Test
    void externalWithAResponseThatIsNotBase64IsBad() {
        process(new IRAuthenticateRequest("EXTERNAL", new Tag("a1"), "dpi@chu.localhost"));

        assertThat(((StatusResponse) answers.get(0)).getServerResponseType()).isEqualTo(StatusResponse.Type.BAD);
        assertThat(logins.asked).isEmpty();
    }

    @Test
    void aDelegatedLoginOpensTheOrgBox() {
        process(new DelegatedLoginParser.DelegatedLoginRequest(ORG_LOGIN, "member password", new Tag("a1")));

        assertThat(logins.asked).containsExactly("delegated " + ORG_LOGIN + " member password");
        verify(mailboxes).authenticate(Username.of(ORG));
        assertThat(tagged()).startsWith("OK [CAPABILITY");
    }

    @Test
    void aDelegatedPlainOpensTheOrgBoxAndAnOrdinaryOneGoesOnToJames() {
        IRAuthenticateRequest ordinary = new IRAuthenticateRequest("PLAIN", new Tag("a2"),
            plain("\0dr.martin@chu.localhost\0pw"));

        process(new IRAuthenticateRequest("PLAIN", new Tag("a1"), plain("\0" + ORG_LOGIN + "\0pw")));
        process(ordinary);

        assertThat(logins.asked).containsExactly("delegated " + ORG_LOGIN + " pw");
        assertThat(passedOn).containsExactly(ordinary);
    }

    @Test
    void aPlainLoginOnItsOwnLineGoesOnToJamesAsAnInitialResponse() {
        guard.processReactive(new AuthenticateRequest("PLAIN", new Tag("a1")), answers, session).subscribe();

        await(() -> session.lineHandler != null);
        session.answer(plain("\0dr.martin@chu.localhost\0pw"));

        await(() -> passedOn.size() == 1);
        assertThat(passedOn).singleElement().isInstanceOfSatisfying(IRAuthenticateRequest.class, request -> {
            assertThat(request.getTag()).isEqualTo(new Tag("a1"));
            assertThat(request.getInitialClientResponse()).isEqualTo(plain("\0dr.martin@chu.localhost\0pw"));
        });
        assertThat(logins.asked).isEmpty();
    }

    @Test
    void anOrdinaryLoginGoesOnToJames() {
        LoginRequest login = new LoginRequest(Username.of("dr.martin@chu.localhost"), "pw", new Tag("a1"));

        process(login);

        assertThat(passedOn).containsExactly(login);
    }

    @Test
    void aStarCancelsTheExchange() {
        guard.processReactive(new AuthenticateRequest("OAUTHBEARER", new Tag("a1")), answers, session).subscribe();

        await(() -> session.lineHandler != null);
        session.answer("*");

        await(() -> answers.size() == 2);
        assertThat(((StatusResponse) answers.get(1)).getServerResponseType()).isEqualTo(StatusResponse.Type.BAD);
        assertThat(logins.asked).isEmpty();
    }

    @Test
    void theThirdFailedLoginOfTheSessionClosesItAsJamesDoes() {
        logins.outcome = new Refused(Rule.DELEGATED_LOGIN_REFUSED, "Non (delegated-login-refused)");
        session.setAttribute(SectorLoginGuard.FAILURES, 1);

        process(new DelegatedLoginParser.DelegatedLoginRequest(ORG_LOGIN, "wrong", new Tag("a1")));
        assertThat(session.getState()).isNotEqualTo(ImapSessionState.LOGOUT);
        process(new DelegatedLoginParser.DelegatedLoginRequest(ORG_LOGIN, "wrong", new Tag("a2")));

        assertThat(answers.get(answers.size() - 1)).isInstanceOfSatisfying(StatusResponse.class, bye ->
            assertThat(bye.getServerResponseType()).isEqualTo(StatusResponse.Type.BYE));
        assertThat(session.getState()).isEqualTo(ImapSessionState.LOGOUT);
    }

    @Test
    void aBoxThatCannotBeOpenedIsAnsweredUnavailable() throws Exception {
        when(mailboxes.authenticate(any(Username.class))).thenThrow(new IllegalStateException("database down"));

        process(new DelegatedLoginParser.DelegatedLoginRequest(ORG_LOGIN, "pw", new Tag("a1")));

        assertThat(tagged()).startsWith("NO [UNAVAILABLE]");
        assertThat(session.getState()).isEqualTo(ImapSessionState.NON_AUTHENTICATED);
        verify(mailboxes, never()).createMailbox(any(), any(), any());
    }

    private void process(ImapMessage message) {
        guard.processReactive(message, answers, session).block(Duration.ofSeconds(10));
    }

    private List<String> capabilities() {
        return answers.stream().filter(CapabilityResponse.class::isInstance)
            .flatMap(answer -> ((CapabilityResponse) answer).getCapabilities().stream())
            .map(Capability::asString).toList();
    }

    /** The last answer, a tagged status, as the client reads it after its tag. */
    private String tagged() {
        ImapResponseMessage last = answers.get(answers.size() - 1);
        assertThat(last).isInstanceOf(StatusResponse.class);
        StatusResponse status = (StatusResponse) last;
        return status.getServerResponseType() + " " + status.getTextKey().getDefaultValue();
    }

    private static String plain(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached in 10 s");
            }
            Thread.onSpinWait();
        }
    }

    /** James's processors behind: CAPABILITY answered as James would, everything else recorded. */
    private final class James implements ImapProcessor {
        @Override
        public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
            return Mono.fromRunnable(() -> {
                if (message instanceof CapabilityRequest) {
                    responder.respond(new CapabilityResponse(new LinkedHashSet<>(List.of(Capability.of("IMAP4REV1"),
                        Capability.of("AUTH=PLAIN"), Capability.of("SASL-IR")))));
                    responder.respond(new UnpooledStatusResponseFactory().taggedOk(
                        ((CapabilityRequest) message).getTag(), null,
                        HumanReadableText.COMPLETED));
                }
                if (!(message instanceof CapabilityRequest)) {
                    passedOn.add(message);
                }
            });
        }

        @Override
        public void configure(ImapConfiguration imapConfiguration) {
        }
    }

    /** An IMAP session over TLS whose client may show a certificate and answers challenges line by line. */
    static final class Session extends FakeImapSession {
        boolean tls = true;
        Optional<SSLSession> ssl = Optional.empty();
        volatile ImapLineHandler lineHandler;

        @Override
        public boolean isTLSActive() {
            return tls;
        }

        @Override
        public Optional<SSLSession> getSSLSession() {
            return ssl;
        }

        @Override
        public void pushLineHandler(ImapLineHandler handler) {
            lineHandler = handler;
        }

        @Override
        public void popLineHandler() {
            lineHandler = null;
        }

        void answer(String line) {
            lineHandler.onLine(this, (line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        X509Certificate showCertificate() throws Exception {
            X509Certificate leaf = mock(X509Certificate.class);
            SSLSession handshake = mock(SSLSession.class);
            when(handshake.getPeerCertificates()).thenReturn(new Certificate[] {leaf});
            ssl = Optional.of(handshake);
            return leaf;
        }
    }

    /** The sector's logins: one outcome for every attempt, what was asked recorded. */
    static final class Logins implements SaslLogins {
        final List<String> asked = new ArrayList<>();
        final List<LoginContext> contexts = new ArrayList<>();
        final List<List<X509Certificate>> chains = new ArrayList<>();
        volatile LoginOutcome outcome = new LoggedIn(ORG, "810000005479");
        volatile boolean tokens = true;

        @Override
        public List<String> mechanisms(boolean clientCertificate) {
            List<String> mechanisms = new ArrayList<>();
            if (tokens) {
                mechanisms.addAll(List.of("OAUTHBEARER", "XOAUTH2"));
            }
            if (clientCertificate) {
                mechanisms.add("EXTERNAL");
            }
            return mechanisms;
        }

        @Override
        public LoginOutcome bearer(String mechanism, String initialResponse, LoginContext context) {
            asked.add("bearer " + mechanism + " " + initialResponse);
            contexts.add(context);
            return outcome;
        }

        @Override
        public LoginOutcome external(Optional<String> authorizationId, List<X509Certificate> chain,
                                     LoginContext context) {
            asked.add("external " + authorizationId);
            chains.add(chain);
            contexts.add(context);
            return outcome;
        }

        @Override
        public Optional<LoginOutcome> delegated(String login, String password, LoginContext context) {
            if (!login.contains(DELEGATION_SEPARATOR)) {
                return Optional.empty();
            }
            asked.add("delegated " + login + " " + password);
            contexts.add(context);
            return Optional.of(outcome);
        }
    }
}
