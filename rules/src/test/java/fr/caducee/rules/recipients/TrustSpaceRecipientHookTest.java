package fr.caducee.rules.recipients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Set;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.caducee.domain.directory.TrustedDomains;
import fr.caducee.rules.patients.FakeSmtpSession;
import fr.caducee.rules.smtp.Refusals;

class TrustSpaceRecipientHookTest {
    /** The national whitelist, as the directory gives it: one other operator. */
    private static final TrustedDomains WHITELIST = domain -> domain.equals("clinique.localhost");

    private final DomainList localDomains = mock(DomainList.class);
    private final SMTPSession session = FakeSmtpSession.submission("dr.durand@chu.localhost");
    private final TrustSpaceRecipientHook hook = new TrustSpaceRecipientHook(new TrustSpaceMembership(localDomains, WHITELIST));

    @BeforeEach
    void serveOneDomain() throws Exception {
        when(localDomains.containsDomain(any())).thenAnswer(call ->
            Set.of("chu.localhost").contains(call.<Domain>getArgument(0).asString()));
    }

    @Test
    void aRecipientOutsideTheTrustSpaceIsRefused550With571() throws Exception {
        HookResult result = rcpt("someone@gmail.com");

        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENY);
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).isEqualTo("5.7.1 gmail.com is outside the trust space: "
            + "health messages can only go to operators on the national whitelist");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("recipient-outside-trust-space");
    }

    @Test
    void aRecipientOfADomainServedHereIsAccepted() throws Exception {
        assertThat(rcpt("cardiologie@chu.localhost")).isEqualTo(HookResult.DECLINED);
        assertThat(Refusals.ruleGiven(session)).isNull();
    }

    @Test
    void aRecipientOfAWhitelistedOperatorIsAccepted() throws Exception {
        assertThat(rcpt("secretariat@clinique.localhost")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void localDomainsThatCannotBeReadDeferTheRecipientWith451() throws Exception {
        doThrow(new DomainListException("unreadable")).when(localDomains).containsDomain(any());

        HookResult result = rcpt("someone@gmail.com");

        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENYSOFT);
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
        assertThat(result.getSmtpDescription()).startsWith("4.3.0 ");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("domain-list-unavailable");
    }

    private HookResult rcpt(String recipient) throws Exception {
        return hook.doRcpt(session, MaybeSender.getMailSender("dr.durand@chu.localhost"), new MailAddress(recipient));
    }
}
