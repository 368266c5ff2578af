package fr.caducee.rules.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import fr.caducee.rules.patients.FakeSmtpSession;
import fr.caducee.rules.smtp.Refusals;

class LongLineHookTest {
    private final LongLineHook hook = new LongLineHook();

    @Test
    void aMessageWhoseLineWasCutIsRefusedWholeWith554AndTheLimitInTheSentence() throws Exception {
        SMTPSession session = FakeSmtpSession.submission("dr.durand@chu.localhost");
        session.setAttachment(LongLineHook.LINE_CUT, 8192, ProtocolSession.State.Transaction);

        HookResult result = hook.onMessage(session, FakeMail.builder().name("m1").build());

        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENY);
        assertThat(result.getSmtpRetCode()).isEqualTo("554");
        assertThat(result.getSmtpDescription()).startsWith("5.6.0 A line of the message is longer than 8192 bytes");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("line-too-long");
    }

    @Test
    void aMessageReadWholeIsLeftToTheOtherRules() throws Exception {
        SMTPSession session = FakeSmtpSession.submission("dr.durand@chu.localhost");

        assertThat(hook.onMessage(session, FakeMail.builder().name("m1").build())).isEqualTo(HookResult.DECLINED);
        assertThat(Refusals.ruleGiven(session)).isNull();
    }

    @Test
    void theMarkOfACutLineEndsWithItsTransaction() throws Exception {
        SMTPSession session = FakeSmtpSession.submission("dr.durand@chu.localhost");
        session.setAttachment(LongLineHook.LINE_CUT, 8192, ProtocolSession.State.Transaction);
        session.resetState();

        assertThat(hook.onMessage(session, FakeMail.builder().name("m2").build())).isEqualTo(HookResult.DECLINED);
    }
}
