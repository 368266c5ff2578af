package fr.caducee.rules.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.util.Set;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.Test;

import fr.caducee.domain.directory.TrustedDomains;
import fr.caducee.domain.model.OperatorDn;

class WhitelistedSenderHookTest {
    private static final TrustedDomains LIST = new TrustedDomains() {
        @Override
        public boolean isTrusted(String domain) {
            return domain.equals("chu-exemple.fr");
        }

        @Override
        public Set<OperatorDn> operatorsOf(String domain) {
            return Set.of("chu-exemple.fr", "patient.chu-exemple.fr").contains(domain)
                ? Set.of(OperatorDn.parse("CN=mx.chu-exemple.fr,C=FR")) : Set.of();
        }
    };

    private final WhitelistedSenderHook hook = new WhitelistedSenderHook(LIST);

    @Test
    void aListedDomainMaySend() throws Exception {
        assertThat(doMail("accueil@chu-exemple.fr").getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void thePatientsOfAListedDomainMaySendThoughTheListNamesOnlyTheDomain() throws Exception {
        assertThat(doMail("146026322000196@patient.chu-exemple.fr").getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void aDomainOffTheListIsRefused() throws Exception {
        HookResult result = doMail("someone@gmail.com");

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpDescription()).startsWith("5.7.1 Sender domain gmail.com is not on the national whitelist");
    }

    private HookResult doMail(String sender) throws Exception {
        return hook.doMail(mock(SMTPSession.class), MaybeSender.of(new MailAddress(sender)));
    }
}
