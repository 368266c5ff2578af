package fr.caducee.rules.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import javax.net.ssl.SSLSession;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.Test;

import fr.caducee.rules.patients.FakeSmtpSession;
import fr.caducee.rules.smtp.Refusals;

class TlsRequiredHookTest {
    private final TlsRequiredHook hook = new TlsRequiredHook();

    @Test
    void mailFromInClearOnTheMxIsRefusedWith530AndTheRuleMxRequiresTls() {
        SMTPSession session = FakeSmtpSession.mxInClear();

        HookResult result = hook.doMail(session, MaybeSender.nullSender());

        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENY);
        assertThat(result.getSmtpRetCode()).isEqualTo("530");
        assertThat(result.getSmtpDescription()).startsWith("5.7.0 Must issue a STARTTLS command first");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("mx-requires-tls");
    }

    @Test
    void mailFromAfterStarttlsIsLeftToTheOtherRules() {
        SMTPSession session = FakeSmtpSession.mx(mock(SSLSession.class));

        assertThat(hook.doMail(session, MaybeSender.nullSender())).isEqualTo(HookResult.DECLINED);
        assertThat(Refusals.ruleGiven(session)).isNull();
    }
}
