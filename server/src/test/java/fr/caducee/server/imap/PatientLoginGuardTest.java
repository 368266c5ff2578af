package fr.caducee.server.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
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
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.rules.transport.MailClientLogins;
import reactor.core.publisher.Mono;

class PatientLoginGuardTest {
    static final String PATIENT = "146026322000196@patient.caducee.localhost";
    static final String DOCTOR = "dr.durand@chu.localhost";

    final List<ImapMessage> passedOn = new ArrayList<>();
    final WrittenAnswers answers = new WrittenAnswers();
    final List<AuditRecord> trail = new ArrayList<>();
    final ImapSession session = mock(ImapSession.class);
    final MailClientLogins patientsRefused = login -> PatientAddress.isPatientAddress(login.asString());

    PatientLoginGuardTest() {
        when(session.sessionId()).thenReturn(ImapSession.SessionId.generate());
    }

    @Test
    void aPatientsLoginIsAnsweredAuthenticationFailedWithTheSentenceAndNeverReachesJames() {
        process(new LoginRequest(Username.of(PATIENT), "the-right-password", new Tag("a1")));

        assertThat(passedOn).isEmpty();
        assertThat(answers).singleElement().isInstanceOfSatisfying(StatusResponse.class, answer -> {
            assertThat(answer.getServerResponseType()).isEqualTo(StatusResponse.Type.NO);
            assertThat(answer.getTag()).isEqualTo(new Tag("a1"));
            assertThat(answer.getTextKey().getDefaultValue())
                .startsWith("[AUTHENTICATIONFAILED] Les patients se connectent par le webmail")
                .endsWith("(patient-mail-client)");
        });
    }

    @Test
    void theRefusalIsAuditedUnderItsRuleWithTheLoginTriedButNotThePassword() {
        process(new LoginRequest(Username.of(PATIENT), "the-right-password", new Tag("a1")));

        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.REFUSED);
            assertThat(record.rule()).isEqualTo("patient-mail-client");
            assertThat(record.via()).isEqualTo("imap");
            assertThat(record.login()).isEqualTo(PATIENT);
            assertThat(record.reason()).contains("AUTHENTICATIONFAILED").doesNotContain("the-right-password");
        });
    }

    @Test
    void aPatientsPlainInitialResponseIsRefusedTheSameWay() {
        process(new IRAuthenticateRequest("plain", new Tag("a2"), plain("", PATIENT, "secret")));

        assertThat(passedOn).isEmpty();
        assertThat(trail).singleElement().extracting(AuditRecord::login).isEqualTo(PATIENT);
    }

    @Test
    void whatTheGuardCannotReadGoesToJamesWhereTheUsersRepositoryRefusesThePatient() {
        process(new AuthenticateRequest("PLAIN", new Tag("a3")));
        process(new IRAuthenticateRequest("PLAIN", new Tag("a4"), "not base64 !"));

        assertThat(passedOn).hasSize(2);
        assertThat(trail).isEmpty();
    }

    @Test
    void aProfessionalsLoginGoesToJames() {
        process(new LoginRequest(Username.of(DOCTOR), "password", new Tag("a5")));
        process(new IRAuthenticateRequest("PLAIN", new Tag("a6"), plain(PATIENT, DOCTOR, "password")));
        process(new NoopRequest(new Tag("a7")));

        assertThat(passedOn).hasSize(3);
        assertThat(answers).isEmpty();
    }

    @Test
    void whenTheOperatorAllowsPatientsMailClientsTheirLoginGoesToJames() {
        PatientLoginGuard allowing = new PatientLoginGuard(new Recorder(), new UnpooledStatusResponseFactory(),
            new AuditedCommandRefusals(trail::add), login -> false);

        allowing.processReactive(new LoginRequest(Username.of(PATIENT), "password", new Tag("a8")), answers, session)
            .block();

        assertThat(passedOn).hasSize(1);
        assertThat(trail).isEmpty();
    }

    private static String plain(String authorizationId, String authenticationId, String password) {
        return Base64.getEncoder().encodeToString((authorizationId + "\0" + authenticationId + "\0" + password)
            .getBytes(StandardCharsets.UTF_8));
    }

    private void process(ImapMessage message) {
        new PatientLoginGuard(new Recorder(), new UnpooledStatusResponseFactory(), new AuditedCommandRefusals(trail::add),
            patientsRefused).processReactive(message, answers, session).block();
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
