package fr.caducee.server.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.core.Username;
import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.AuthenticateRequest;
import org.apache.james.imap.message.request.IRAuthenticateRequest;
import org.apache.james.imap.message.request.LoginRequest;
import org.apache.james.imap.message.request.NoopRequest;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;
import reactor.core.publisher.Mono;

class TlsFirstLoginGuardTest {
    final List<ImapMessage> passedOn = new ArrayList<>();
    final WrittenAnswers answers = new WrittenAnswers();
    final List<AuditRecord> trail = new ArrayList<>();
    final ImapSession session = mock(ImapSession.class);
    final TlsFirstLoginGuard guard = new TlsFirstLoginGuard(new Recorder(), new UnpooledStatusResponseFactory(),
        new AuditedCommandRefusals(trail::add));

    TlsFirstLoginGuardTest() {
        when(session.sessionId()).thenReturn(ImapSession.SessionId.generate());
    }

    @Test
    void loginInClearIsRefusedWithPrivacyRequiredAndNeverReachesJames() {
        process(new LoginRequest(Username.of("officine@pharmacie.localhost"), "the-right-password", new Tag("a2")));

        assertThat(passedOn).isEmpty();
        assertThat(answers).singleElement().isInstanceOfSatisfying(StatusResponse.class, answer -> {
            assertThat(answer.getServerResponseType()).isEqualTo(StatusResponse.Type.NO);
            assertThat(answer.getTag()).isEqualTo(new Tag("a2"));
            assertThat(answer.getTextKey().getDefaultValue())
                .startsWith("[PRIVACYREQUIRED] Must issue a STARTTLS command first");
        });
    }

    @Test
    void theRefusalIsAuditedUnderItsRuleWithoutThePassword() {
        process(new LoginRequest(Username.of("officine@pharmacie.localhost"), "the-right-password", new Tag("a2")));

        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.REFUSED);
            assertThat(record.rule()).isEqualTo("imap-login-requires-tls");
            assertThat(record.via()).isEqualTo("imap");
            assertThat(record.reason()).contains("PRIVACYREQUIRED").doesNotContain("the-right-password");
        });
    }

    @Test
    void authenticateOfAnyMechanismIsRefusedInClear() {
        process(new AuthenticateRequest("PLAIN", new Tag("a3")));
        process(new AuthenticateRequest("OAUTHBEARER", new Tag("a4")));
        process(new IRAuthenticateRequest("PLAIN", new Tag("a5"), "AG9mZmljaW5lAHNlY3JldA=="));

        assertThat(passedOn).isEmpty();
        assertThat(answers).hasSize(3);
        assertThat(trail).hasSize(3);
    }

    @Test
    void aDelegatedLoginInClearIsRefusedTheSameWay() {
        process(new DelegatedLoginParser.DelegatedLoginRequest(
            "cardiologie@chu.localhost*dr.martin@chu.localhost", "the-right-password", new Tag("a6")));

        assertThat(passedOn).isEmpty();
        assertThat(answers).singleElement().isInstanceOfSatisfying(StatusResponse.class, answer ->
            assertThat(answer.getTextKey().getDefaultValue()).startsWith("[PRIVACYREQUIRED]"));
        assertThat(trail).singleElement().extracting(AuditRecord::reason).asString()
            .doesNotContain("the-right-password");
    }

    @Test
    void loginOverTlsGoesToJames() {
        when(session.isTLSActive()).thenReturn(true);

        process(new LoginRequest(Username.of("officine@pharmacie.localhost"), "the-right-password", new Tag("a2")));

        assertThat(passedOn).hasSize(1);
        assertThat(answers).isEmpty();
        assertThat(trail).isEmpty();
    }

    @Test
    void otherCommandsInClearGoToJames() {
        process(new NoopRequest(new Tag("a1")));

        assertThat(passedOn).hasSize(1);
        assertThat(trail).isEmpty();
    }

    private void process(ImapMessage message) {
        guard.processReactive(message, answers, session).block();
    }

    private final class Recorder implements ImapProcessor {
        @Override
        public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
            return Mono.fromRunnable(() -> passedOn.add(message));
        }

        @Override
        public void configure(ImapConfiguration imapConfiguration) {
        }
    }
}
