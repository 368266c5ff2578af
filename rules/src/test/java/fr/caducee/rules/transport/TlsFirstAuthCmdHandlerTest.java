package fr.caducee.rules.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.protocols.api.BaseRequest;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPConfiguration;
import org.apache.james.protocols.smtp.SMTPSession;
import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;

class TlsFirstAuthCmdHandlerTest {
    private final List<AuditRecord> trail = new ArrayList<>();
    private final TlsFirstAuthCmdHandler handler = new TlsFirstAuthCmdHandler(trail::add);
    private final SMTPSession session = mock(SMTPSession.class);

    TlsFirstAuthCmdHandlerTest() {
        SMTPConfiguration configuration = mock(SMTPConfiguration.class);
        when(configuration.isAuthAnnounced("127.0.0.1", true)).thenReturn(true);
        when(session.getConfiguration()).thenReturn(configuration);
        when(session.getRemoteAddress()).thenReturn(new InetSocketAddress("127.0.0.1", 40000));
        when(session.getSessionID()).thenReturn("s1");
    }

    @Test
    void authPlainBeforeTlsIsRefusedWith530AndNoLogin() {
        Response response = handler.onCommand(session, new BaseRequest("AUTH", "PLAIN AGRyLmR1cmFuZABzZWNyZXQ="));

        assertThat(response.getRetCode()).isEqualTo("530");
        assertThat(response.getLines()).singleElement().asString()
            .startsWith("530 5.7.0 Must issue a STARTTLS command first");
    }

    @Test
    void theRefusalIsAuditedUnderItsRuleWithoutTheInitialResponse() {
        handler.onCommand(session, new BaseRequest("AUTH", "PLAIN AGRyLmR1cmFuZABzZWNyZXQ="));

        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.REFUSED);
            assertThat(record.rule()).isEqualTo("auth-requires-tls");
            assertThat(record.via()).isEqualTo("submission");
            assertThat(record.reason()).contains("AUTH PLAIN").doesNotContain("AGRyLmR1cmFuZABzZWNyZXQ=");
        });
    }

    @Test
    void everyMechanismIsRefusedBeforeTls() {
        for (String argument : new String[] {"LOGIN", "LOGIN ZHIuZHVyYW5k", "OAUTHBEARER x", "CRAM-MD5", "UNKNOWN"}) {
            assertThat(handler.onCommand(session, new BaseRequest("AUTH", argument)).getRetCode())
                .as(argument).isEqualTo("530");
        }
        assertThat(handler.onCommand(session, new BaseRequest("AUTH", null)).getRetCode()).isEqualTo("530");
    }

    @Test
    void afterTlsAuthIsLeftToJames() {
        when(session.isTLSStarted()).thenReturn(true);

        // James's own handler answers: here a syntax error for AUTH without a mechanism, nothing refused by us.
        Response response = handler.onCommand(session, new BaseRequest("AUTH", null));

        assertThat(response.getRetCode()).isEqualTo("501");
        assertThat(trail).isEmpty();
    }
}
