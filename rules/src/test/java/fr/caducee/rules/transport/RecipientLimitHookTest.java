package fr.caducee.rules.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.Test;

import fr.caducee.rules.patients.FakeSmtpSession;
import fr.caducee.rules.smtp.ChainSettings;
import fr.caducee.rules.smtp.Refusals;

class RecipientLimitHookTest {
    private final SMTPSession session = FakeSmtpSession.submission("dr.durand@chu.localhost");

    @Test
    void aRecipientBeyondTheLimitIsDeferredWith452SoTheClientSendsItInAnotherMessage() throws Exception {
        RecipientLimitHook hook = limitedTo(2);
        accepted(2);

        HookResult result = hook.doRcpt(session, MaybeSender.nullSender(), new MailAddress("c@chu.localhost"));

        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENYSOFT);
        assertThat(result.getSmtpRetCode()).isEqualTo("452");
        assertThat(result.getSmtpDescription()).isEqualTo(
            "4.5.3 A message may go to at most 2 recipients: send it to the others in another message");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("too-many-recipients");
    }

    @Test
    void recipientsUpToTheLimitAreLeftToTheOtherRules() throws Exception {
        RecipientLimitHook hook = limitedTo(2);
        accepted(1);

        assertThat(hook.doRcpt(session, MaybeSender.nullSender(), new MailAddress("b@chu.localhost")))
            .isEqualTo(HookResult.DECLINED);
        assertThat(Refusals.ruleGiven(session)).isNull();
    }

    @Test
    void withoutSettingTheLimitIsTheHundredRfc5321Allows() throws Exception {
        RecipientLimitHook hook = new RecipientLimitHook(ChainSettings.DEFAULTS);
        accepted(99);
        assertThat(hook.doRcpt(session, MaybeSender.nullSender(), new MailAddress("r99@chu.localhost")))
            .isEqualTo(HookResult.DECLINED);

        accepted(100);
        assertThat(hook.doRcpt(session, MaybeSender.nullSender(), new MailAddress("r100@chu.localhost")).getSmtpRetCode())
            .isEqualTo("452");
    }

    @Test
    void aLimitBelowOneStopsTheServerAtStartWithTheSettingNamed() {
        assertThatThrownBy(() -> new RecipientLimitHook(ChainSettings.DEFAULTS.withMaxRecipients(0)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("maxRecipients must be at least 1");
    }

    private static RecipientLimitHook limitedTo(int max) {
        return new RecipientLimitHook(ChainSettings.DEFAULTS.withMaxRecipients(max));
    }

    private void accepted(int count) throws Exception {
        List<MailAddress> recipients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            recipients.add(new MailAddress("r" + i + "@chu.localhost"));
        }
        session.setAttachment(SMTPSession.RCPT_LIST, recipients, ProtocolSession.State.Transaction);
    }
}
