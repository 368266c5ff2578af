package fr.caducee.rules.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.Test;

import fr.caducee.rules.patients.FakeSmtpSession;
import fr.caducee.rules.smtp.Refusals;

class AuthenticationRequiredHookTest {
    private final AuthenticationRequiredHook hook = new AuthenticationRequiredHook();

    @Test
    void mailFromBeforeLoginOnSubmissionIsRefusedWith530AndTheRuleSubmissionRequiresAuth() throws Exception {
        SMTPSession session = FakeSmtpSession.submissionBeforeLogin();

        HookResult result = hook.doMail(session, MaybeSender.getMailSender("dr.durand@chu.localhost"));

        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENY);
        assertThat(result.getSmtpRetCode()).isEqualTo("530");
        assertThat(result.getSmtpDescription()).startsWith("5.7.0 Authentication required");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("submission-requires-auth");
    }

    @Test
    void mailFromALoggedInBoxIsLeftToTheOtherRules() throws Exception {
        SMTPSession session = FakeSmtpSession.submission("dr.durand@chu.localhost");

        assertThat(hook.doMail(session, MaybeSender.getMailSender("dr.durand@chu.localhost")))
            .isEqualTo(HookResult.DECLINED);
        assertThat(Refusals.ruleGiven(session)).isNull();
    }
}
