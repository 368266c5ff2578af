package fr.caducee.mailets.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.Test;

class CertifiedSenderDomainHookTest {
    private final CertifiedSenderDomainHook hook = new CertifiedSenderDomainHook(
        Set.of("chu-exemple.fr", "clinique-voisine.fr", "patient.chu-exemple.fr")::contains);

    @Test
    void certificateOfTheSendersOperatorIsAccepted() throws Exception {
        assertThat(doMail("mx.chu-exemple.fr", "cardiologie@chu-exemple.fr").getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void certificateOfAnOperatorSpeaksForTheSubdomainsOfItsWhitelistedDomain() throws Exception {
        assertThat(doMail("mx.chu-exemple.fr", "146026322000196@patient.chu-exemple.fr").getResult())
            .isEqualTo(HookReturnCode.declined());
    }

    @Test
    void certificateOfAnotherWhitelistedOperatorIsRefusedNamingTheDomainAndTheHosts() throws Exception {
        HookResult result = doMail("mx.clinique-voisine.fr", "cardiologie@chu-exemple.fr");

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.7.1")
            .contains("names no host of the sender's domain chu-exemple.fr").contains("mx.clinique-voisine.fr");
    }

    @Test
    void aSharedParentOffTheWhitelistDoesNotCount() throws Exception {
        // exemple.fr is not on the list: mx.exemple.fr does not speak for chu.exemple.fr
        HookResult result = new CertifiedSenderDomainHook(Set.of("chu.exemple.fr")::contains)
            .doMail(sessionWith("mx.exemple.fr"), MaybeSender.of(new MailAddress("a@chu.exemple.fr")));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
    }

    @Test
    void receiptsWithTheNullSenderAreLeftToTheOtherChecks() {
        assertThat(hook.doMail(sessionWith("mx.clinique-voisine.fr"), MaybeSender.nullSender()).getResult())
            .isEqualTo(HookReturnCode.declined());
    }

    private HookResult doMail(String certifiedHost, String sender) throws Exception {
        return hook.doMail(sessionWith(certifiedHost), MaybeSender.of(new MailAddress(sender)));
    }

    private static SMTPSession sessionWith(String certifiedHost) {
        SMTPSession session = mock(SMTPSession.class);
        PeerIdentity peer = new PeerIdentity("CN=" + certifiedHost, "CN=IGC-Sante", "1f", List.of(certifiedHost), true);
        when(session.getAttachment(PeerCertificateHook.PEER, ProtocolSession.State.Connection)).thenReturn(Optional.of(peer));
        return session;
    }
}
