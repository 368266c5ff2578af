package fr.caducee.rules.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.PostmasterAbuseRcptHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import fr.caducee.rules.Rule;
import fr.caducee.rules.patients.FakeSmtpSession;
import fr.caducee.rules.senders.ServerWritten;
import fr.caducee.rules.smtp.SmtpRefusal;

class SubmissionTicketHookTest {
    private static final String PATIENT = "146026322000196@patient.chu.localhost";
    private static final String SECRET = "k9X2b7QeYpL0v3sN8wR1tU6zA4cD5fG7hJ9mK2nP0qS";

    private final Tickets tickets = new Tickets();
    private final SubmissionTicketHook hook = new SubmissionTicketHook(tickets);

    @Test
    void aTicketFromLoopbackLogsInAsTheBoxItWasIssuedFor() {
        tickets.issue(SECRET, PATIENT);
        SMTPSession session = FakeSmtpSession.submissionBeforeLogin();

        HookResult result = hook.doAuth(session, Username.of(PATIENT), SECRET);

        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.OK);
        assertThat(session.getUsername().asString()).isEqualTo(PATIENT);
        assertThat(session.isRelayingAllowed()).isTrue();
    }

    @Test
    void aTicketLogsInOnceOnly() {
        tickets.issue(SECRET, PATIENT);
        hook.doAuth(FakeSmtpSession.submissionBeforeLogin(), Username.of(PATIENT), SECRET);
        SMTPSession second = FakeSmtpSession.submissionBeforeLogin();

        assertThat(hook.doAuth(second, Username.of(PATIENT), SECRET)).isEqualTo(HookResult.DECLINED);
        assertThat(second.getUsername()).isNull();
    }

    @Test
    void aTicketFromAnotherMachineIsLeftToThePasswordCheckAndStaysUnspent() {
        tickets.issue(SECRET, PATIENT);
        SMTPSession remote = FakeSmtpSession.submissionBeforeLoginFrom(new InetSocketAddress("192.0.2.7", 50_000));

        assertThat(hook.doAuth(remote, Username.of(PATIENT), SECRET)).isEqualTo(HookResult.DECLINED);
        assertThat(remote.getUsername()).isNull();
        assertThat(tickets.unspent()).containsKey(SECRET);
    }

    @Test
    void aTicketPresentedForAnotherBoxLogsNothingIn() {
        tickets.issue(SECRET, PATIENT);
        SMTPSession session = FakeSmtpSession.submissionBeforeLogin();

        assertThat(hook.doAuth(session, Username.of("dr.durand@chu.localhost"), SECRET)).isEqualTo(HookResult.DECLINED);
        assertThat(session.getUsername()).isNull();
    }

    @Test
    void aPasswordThatIsNoTicketIsLeftToThePasswordCheck() {
        SMTPSession session = FakeSmtpSession.submissionBeforeLogin();

        assertThat(hook.doAuth(session, Username.of(PATIENT), "a box password")).isEqualTo(HookResult.DECLINED);
        assertThat(session.getUsername()).isNull();
    }

    @Test
    void aTokenLoginIsNoTicket() {
        assertThat(hook.doSasl(FakeSmtpSession.submissionBeforeLogin(), null, "token")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void theIssuerLearnsTheRuleAndSentenceOfOurRefusalAndTheAuditStillSeesIt() {
        SMTPSession session = loggedInWithTicket();
        SmtpRefusal refusal = Rule.PATIENT_NOT_A_REPLY.refusal("Patients can only reply to a conversation");
        HookResult result = refusal.refuse(session, "DATA");

        assertThat(hook.onHookResult(session, result, 1, new PostmasterAbuseRcptHook())).isSameAs(result);

        assertThat(tickets.refusals).containsExactly(
            "550 5.7.1|" + Rule.PATIENT_NOT_A_REPLY.id() + "|Patients can only reply to a conversation");
        assertThat(session.getAttachment(SmtpRefusal.GIVEN, ProtocolSession.State.Connection)).isPresent();
    }

    @Test
    void aRefusalOfOneOfJamesHooksIsNamedByTheHookAsTheAuditTrailNamesIt() {
        SMTPSession session = loggedInWithTicket();
        HookResult result = HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode("503")
            .smtpDescription("5.7.1 Incorrect Authentication for Specified Email Address").build();

        hook.onHookResult(session, result, 1, new PostmasterAbuseRcptHook());

        assertThat(tickets.refusals).containsExactly(
            "503 5.7.1|PostmasterAbuseRcptHook|Incorrect Authentication for Specified Email Address");
    }

    @Test
    void acceptancesAndSessionsWithoutATicketTellNoOne() {
        SMTPSession session = loggedInWithTicket();
        hook.onHookResult(session, HookResult.DECLINED, 1, new PostmasterAbuseRcptHook());
        hook.onHookResult(session, HookResult.OK, 1, new PostmasterAbuseRcptHook());
        SMTPSession withPassword = FakeSmtpSession.submission("dr.durand@chu.localhost");
        hook.onHookResult(withPassword, Rule.PATIENT_NOT_A_REPLY.refusal("x").refuse(withPassword, "DATA"), 1,
            new PostmasterAbuseRcptHook());

        assertThat(tickets.refusals).isEmpty();
    }

    @Test
    void aMessageOfASessionTheServerWritesInIsMarkedServerWritten() throws Exception {
        tickets.issue(SECRET, "dpi@chu.localhost");
        tickets.writtenByServer = true;
        SMTPSession session = FakeSmtpSession.submissionBeforeLogin();
        hook.doAuth(session, Username.of("dpi@chu.localhost"), SECRET);
        Mail mail = FakeMail.builder().name("notice").build();

        assertThat(hook.onMessage(session, mail)).isEqualTo(HookResult.DECLINED);

        assertThat(ServerWritten.writer(mail)).contains("loopback submission as dpi@chu.localhost");
    }

    @Test
    void aPatientsMessageFromTheWebmailAndAPasswordLoginAreNotMarked() throws Exception {
        Mail fromWebmail = FakeMail.builder().name("reply").build();
        Mail withPassword = FakeMail.builder().name("mail").build();

        hook.onMessage(loggedInWithTicket(), fromWebmail);
        hook.onMessage(FakeSmtpSession.submission("dr.durand@chu.localhost"), withPassword);

        assertThat(ServerWritten.writer(fromWebmail)).isEmpty();
        assertThat(ServerWritten.writer(withPassword)).isEmpty();
    }

    private SMTPSession loggedInWithTicket() {
        tickets.issue(SECRET, PATIENT);
        SMTPSession session = FakeSmtpSession.submissionBeforeLogin();
        hook.doAuth(session, Username.of(PATIENT), SECRET);
        return session;
    }

    /** Tickets as the server keeps them, reduced to a map: single use, refusals written down. */
    private static final class Tickets implements SubmissionTickets {
        private final Map<String, String> unspent = new HashMap<>();
        private final List<String> refusals = new ArrayList<>();
        private boolean writtenByServer;

        void issue(String secret, String box) {
            unspent.put(secret, box);
        }

        Map<String, String> unspent() {
            return unspent;
        }

        @Override
        public Optional<Redeemed> redeem(String secret) {
            return Optional.ofNullable(unspent.remove(secret)).map(box -> new Redeemed() {
                @Override
                public String box() {
                    return box;
                }

                @Override
                public void refused(String reply, String rule, String sentence) {
                    refusals.add(reply + "|" + rule + "|" + sentence);
                }

                @Override
                public boolean writtenByServer() {
                    return writtenByServer;
                }
            });
        }
    }
}
