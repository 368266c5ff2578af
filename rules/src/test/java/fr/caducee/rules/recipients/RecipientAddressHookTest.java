package fr.caducee.rules.recipients;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.Test;

import fr.caducee.rules.patients.FakeSmtpSession;
import fr.caducee.rules.smtp.Refusals;

class RecipientAddressHookTest {
    private final SMTPSession session = FakeSmtpSession.submission("dr.durand@chu.localhost");
    private final RecipientAddressHook hook = new RecipientAddressHook();

    @Test
    void aPercentRelayTrickIsRefused553With513() throws Exception {
        HookResult result = rcpt("victim%gmail.com@chu.localhost");

        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENY);
        assertThat(result.getSmtpRetCode()).isEqualTo("553");
        assertThat(result.getSmtpDescription()).startsWith("5.1.3 Not a valid box address: ");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("recipient-malformed");
    }

    @Test
    void aPatientAddressWhoseInsFailsItsKeyIsRefused550With511() throws Exception {
        HookResult result = rcpt("269029912345615@patient.chu.localhost");

        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.1.1 No such patient box: ");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("recipient-invalid-ins");
    }

    @Test
    void aWellFormedBoxAddressIsLeftToTheOtherRules() throws Exception {
        assertThat(rcpt("dupont.jean@chu.localhost")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt("269029912345614@patient.chu.localhost")).isEqualTo(HookResult.DECLINED);
        assertThat(Refusals.ruleGiven(session)).isNull();
    }

    private HookResult rcpt(String recipient) throws Exception {
        return hook.doRcpt(session, MaybeSender.nullSender(), new MailAddress(recipient));
    }
}
