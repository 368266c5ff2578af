package fr.caducee.rules.transport;

import static fr.caducee.rules.transport.SaslResponsesTest.base64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.BaseRequest;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPConfiguration;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;
import fr.caducee.rules.Rule;
import fr.caducee.rules.transport.SaslLogins.LoggedIn;
import fr.caducee.rules.transport.SaslLogins.Refused;
import fr.caducee.rules.transport.SaslLogins.Unavailable;

class TlsFirstAuthCmdHandlerTest {
    static final String ORG_LOGIN = "cardiologie@chu.localhost*dr.martin@chu.localhost";

    private final List<AuditRecord> trail = new ArrayList<>();
    private final StubSaslLogins logins = new StubSaslLogins();
    private final TlsFirstAuthCmdHandler handler = new TlsFirstAuthCmdHandler(trail::add, logins);
    private final SMTPSession session = mock(SMTPSession.class);
    private final SMTPConfiguration configuration = mock(SMTPConfiguration.class);
    private final List<String> passwordsChecked = new ArrayList<>();

    TlsFirstAuthCmdHandlerTest() throws Exception {
        when(configuration.isAuthAnnounced("127.0.0.1", true)).thenReturn(true);
        when(configuration.isPlainAuthEnabled()).thenReturn(true);
        when(configuration.saslConfiguration()).thenReturn(Optional.empty());
        when(session.getConfiguration()).thenReturn(configuration);
        when(session.isAuthAnnounced()).thenReturn(true);
        when(session.getRemoteAddress()).thenReturn(new InetSocketAddress("127.0.0.1", 40000));
        when(session.getSessionID()).thenReturn("s1");
        when(session.getCharset()).thenReturn(StandardCharsets.US_ASCII);
        when(session.getSSLSession()).thenReturn(Optional.empty());
        // James's password check behind us: records what reached it and lets it in.
        handler.wireExtensions(AuthHook.class, List.of(new AuthHook() {
            @Override
            public HookResult doAuth(SMTPSession session, Username username, String password) {
                passwordsChecked.add(username.asString() + ":" + password);
                return HookResult.OK;
            }

            @Override
            public HookResult doSasl(SMTPSession session, OidcSASLConfiguration configuration, String response) {
                return HookResult.DECLINED;
            }
        }));
    }

    private Response auth(String argument) {
        return handler.onCommand(session, new BaseRequest("AUTH", argument));
    }

    private void afterTls() {
        when(session.isTLSStarted()).thenReturn(true);
    }

    /** The line handler the last challenge pushed, answered with {@code line}. */
    @SuppressWarnings("unchecked")
    private Response answer(String line) {
        ArgumentCaptor<LineHandler<SMTPSession>> pushed = ArgumentCaptor.forClass(LineHandler.class);
        verify(session, org.mockito.Mockito.atLeastOnce()).pushLineHandler(pushed.capture());
        return pushed.getValue().onLine(session, (line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(Response response) {
        return String.join("\n", response.getLines().stream().map(CharSequence::toString).toList());
    }

    @Test
    void authPlainBeforeTlsIsRefusedWith530AndNoLogin() {
        Response response = auth("PLAIN AGRyLmR1cmFuZABzZWNyZXQ=");

        assertThat(response.getRetCode()).isEqualTo("530");
        assertThat(response.getLines()).singleElement().asString()
            .startsWith("530 5.7.0 Must issue a STARTTLS command first");
    }

    @Test
    void theRefusalIsAuditedUnderItsRuleWithoutTheInitialResponse() {
        auth("PLAIN AGRyLmR1cmFuZABzZWNyZXQ=");

        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.REFUSED);
            assertThat(record.rule()).isEqualTo("auth-requires-tls");
            assertThat(record.via()).isEqualTo("submission");
            assertThat(record.reason()).contains("AUTH PLAIN").doesNotContain("AGRyLmR1cmFuZABzZWNyZXQ=");
        });
    }

    @Test
    void everyMechanismIsRefusedBeforeTlsWithoutAskingTheSectorsLogins() {
        for (String argument : new String[] {"LOGIN", "LOGIN ZHIuZHVyYW5k", "OAUTHBEARER x", "XOAUTH2 x", "EXTERNAL =",
            "PLAIN " + base64("\0" + ORG_LOGIN + "\0pw"), "CRAM-MD5", "UNKNOWN"}) {
            assertThat(auth(argument).getRetCode()).as(argument).isEqualTo("530");
        }
        assertThat(auth(null).getRetCode()).isEqualTo("530");
        assertThat(logins.asked).isEmpty();
    }

    @Test
    void afterTlsAnAuthWithoutMechanismIsLeftToJames() {
        afterTls();

        // James's own handler answers: here a syntax error for AUTH without a mechanism, nothing refused by us.
        assertThat(auth(null).getRetCode()).isEqualTo("501");
        assertThat(trail).isEmpty();
    }

    @Test
    void aTokenWithItsInitialResponseLogsTheBoxInWith235() {
        afterTls();

        Response response = auth("OAUTHBEARER bi,hAWF1dGg9QmVhcmVyIHQBAQ==");

        assertThat(text(response)).isEqualTo("235 2.7.0 Authentication successful: cardiologie@chu.localhost");
        verify(session).setUsername(Username.of("cardiologie@chu.localhost"));
        verify(session).setRelayingAllowed(true);
        assertThat(logins.asked).singleElement().satisfies(asked -> {
            assertThat(asked.kind()).isEqualTo("bearer");
            assertThat(asked.mechanism()).isEqualTo("OAUTHBEARER");
            assertThat(asked.response()).isEqualTo("bi,hAWF1dGg9QmVhcmVyIHQBAQ==");
            assertThat(asked.context().protocol()).isEqualTo("submission");
            assertThat(asked.context().session()).isEqualTo("s1");
            assertThat(asked.context().remote()).isEqualTo("127.0.0.1");
        });
    }

    @Test
    void aTokenWithoutInitialResponseIsAskedForWithAnEmptyChallenge() {
        afterTls();

        Response challenge = auth("xoauth2");

        assertThat(text(challenge)).isEqualTo("334 ");
        assertThat(logins.asked).isEmpty();
        Response response = answer("dXNlcj1jYXJkaW9sb2dpZUBjaHUubG9jYWxob3N0AWF1dGg9QmVhcmVyIHQBAQ==");
        assertThat(response.getRetCode()).isEqualTo("235");
        verify(session).popLineHandler();
        assertThat(logins.asked).singleElement().extracting(StubSaslLogins.Asked::mechanism).isEqualTo("XOAUTH2");
    }

    @Test
    void aRefusedXoauth2TokenIsAnswered535WithTheSentence() {
        afterTls();
        logins.outcome = new Refused(Rule.PSC_TOKEN_EXPIRED, "Le jeton a expire : reconnectez-vous (psc-token-expired)");

        Response response = auth("XOAUTH2 dXNlcj0BYXV0aD1CZWFyZXIgdAEB");

        assertThat(text(response)).isEqualTo("535 5.7.8 Le jeton a expire : reconnectez-vous (psc-token-expired)");
        verify(session, never()).setUsername(any());
    }

    @Test
    void aRefusedOauthbearerTokenGetsTheErrorChallengeThenTheFailure() {
        afterTls();
        logins.outcome = new Refused(Rule.LOGIN_NO_BOX, "Aucune boite ici pour ce professionnel (login-no-box)");

        Response challenge = auth("OAUTHBEARER bi,hAWF1dGg9QmVhcmVyIHQBAQ==");

        assertThat(challenge.getRetCode()).isEqualTo("334");
        assertThat(text(challenge)).isEqualTo("334 " + SaslResponses.errorChallenge(Rule.LOGIN_NO_BOX));
        assertThat(text(answer("AQ=="))).isEqualTo("535 5.7.8 Aucune boite ici pour ce professionnel (login-no-box)");
        verify(session, never()).setUsername(any());
    }

    @Test
    void aProviderOutOfReachIsAnswered454() {
        afterTls();
        logins.outcome = new Unavailable("Pro Sante Connect ne repond pas : reessayez (login-unavailable)");

        assertThat(text(auth("OAUTHBEARER bi,hAWF1dGg9QmVhcmVyIHQBAQ==")))
            .isEqualTo("454 4.7.0 Pro Sante Connect ne repond pas : reessayez (login-unavailable)");
    }

    @Test
    void tokensNotConfiguredGetJamesUnknownMechanismAnswer() {
        afterTls();
        logins.tokens = false;

        assertThat(auth("OAUTHBEARER bi,hAWF1dGg9QmVhcmVyIHQBAQ==").getRetCode()).isEqualTo("504");
        assertThat(auth("XOAUTH2").getRetCode()).isEqualTo("504");
        assertThat(logins.asked).isEmpty();
    }

    @Test
    void externalGivesTheHandshakesCertificatesAndTheAuthorisationIdentity() throws Exception {
        afterTls();
        X509Certificate leaf = mock(X509Certificate.class);
        SSLSession tls = mock(SSLSession.class);
        when(tls.getPeerCertificates()).thenReturn(new Certificate[] {leaf});
        when(session.getSSLSession()).thenReturn(Optional.of(tls));
        logins.outcome = new LoggedIn("dpi@chu.localhost", "CN=dpi@chu.localhost");

        Response response = auth("EXTERNAL " + base64("dpi@chu.localhost"));

        assertThat(response.getRetCode()).isEqualTo("235");
        verify(session).setUsername(Username.of("dpi@chu.localhost"));
        assertThat(logins.asked).singleElement().satisfies(asked -> {
            assertThat(asked.authorizationId()).hasValue("dpi@chu.localhost");
            assertThat(asked.chain()).containsExactly(leaf);
        });
    }

    @Test
    void externalWithoutCertificateIsStillAskedSoThatItsRefusalIsAudited() throws Exception {
        afterTls();
        SSLSession tls = mock(SSLSession.class);
        when(tls.getPeerCertificates()).thenThrow(new SSLPeerUnverifiedException("none"));
        when(session.getSSLSession()).thenReturn(Optional.of(tls));
        logins.outcome = new Refused(Rule.CERTIFICATE_LOGIN_REFUSED, "Aucun certificat (certificate-login-refused)");

        Response response = auth("EXTERNAL =");

        assertThat(text(response)).isEqualTo("535 5.7.8 Aucun certificat (certificate-login-refused)");
        assertThat(logins.asked).singleElement().satisfies(asked -> {
            assertThat(asked.chain()).isEmpty();
            assertThat(asked.authorizationId()).isEmpty();
        });
    }

    @Test
    void externalWithoutInitialResponseTakesAnEmptyLineAsNoIdentity() {
        afterTls();

        assertThat(text(auth("EXTERNAL"))).isEqualTo("334 ");
        assertThat(answer("").getRetCode()).isEqualTo("235");
        assertThat(logins.asked).singleElement().extracting(StubSaslLogins.Asked::authorizationId)
            .isEqualTo(Optional.empty());
    }

    @Test
    void externalWithAResponseThatIsNotBase64IsASyntaxError() {
        afterTls();

        assertThat(text(auth("EXTERNAL dpi@chu.localhost"))).startsWith("501 5.5.2");
        assertThat(logins.asked).isEmpty();
    }

    @Test
    void aDelegatedPlainLoginOpensTheOrgBox() {
        afterTls();

        Response response = auth("PLAIN " + base64("\0" + ORG_LOGIN + "\0member password"));

        assertThat(response.getRetCode()).isEqualTo("235");
        verify(session).setUsername(Username.of("cardiologie@chu.localhost"));
        assertThat(logins.asked).singleElement().satisfies(asked -> {
            assertThat(asked.login()).isEqualTo(ORG_LOGIN);
            assertThat(asked.password()).isEqualTo("member password");
        });
        assertThat(passwordsChecked).isEmpty();
    }

    @Test
    void aRefusedDelegatedLoginIsAnswered535() {
        afterTls();
        logins.outcome = new Refused(Rule.DELEGATED_LOGIN_REFUSED, "Pas membre de cette boite (delegated-login-refused)");

        assertThat(text(auth("PLAIN " + base64("\0" + ORG_LOGIN + "\0pw"))))
            .isEqualTo("535 5.7.8 Pas membre de cette boite (delegated-login-refused)");
    }

    @Test
    void anOrdinaryPlainLoginGoesOnToJamesPasswordCheck() {
        afterTls();

        Response response = auth("PLAIN " + base64("\0dr.martin@chu.localhost\0pw"));

        assertThat(response.getRetCode()).isEqualTo("235");
        assertThat(passwordsChecked).containsExactly("dr.martin@chu.localhost:pw");
        assertThat(logins.asked).isEmpty();
    }

    @Test
    void aPlainLoginOnItsOwnLineIsReadHereThenGoesToJamesWhenOrdinary() {
        afterTls();

        assertThat(text(auth("PLAIN"))).isEqualTo("334 ");
        assertThat(answer(base64("\0dr.martin@chu.localhost\0pw")).getRetCode()).isEqualTo("235");
        assertThat(passwordsChecked).containsExactly("dr.martin@chu.localhost:pw");
    }

    @Test
    void aDelegatedPlainLoginOnItsOwnLineIsOurs() {
        afterTls();

        auth("PLAIN");

        assertThat(answer(base64("\0" + ORG_LOGIN + "\0pw")).getRetCode()).isEqualTo("235");
        assertThat(logins.asked).singleElement().extracting(StubSaslLogins.Asked::login).isEqualTo(ORG_LOGIN);
    }

    @Test
    void aDelegatedLoginMechanismAsksForThePasswordThenOpensTheOrgBox() {
        afterTls();

        assertThat(text(auth("LOGIN"))).isEqualTo("334 VXNlcm5hbWU6");
        assertThat(text(answer(base64(ORG_LOGIN)))).isEqualTo("334 UGFzc3dvcmQ6");
        assertThat(answer(base64("member password")).getRetCode()).isEqualTo("235");
        assertThat(logins.asked).singleElement().satisfies(asked -> {
            assertThat(asked.login()).isEqualTo(ORG_LOGIN);
            assertThat(asked.password()).isEqualTo("member password");
        });
    }

    @Test
    void anOrdinaryLoginMechanismGoesOnToJames() {
        afterTls();

        assertThat(text(auth("LOGIN " + base64("dr.martin@chu.localhost")))).isEqualTo("334 UGFzc3dvcmQ6");
        assertThat(answer(base64("pw")).getRetCode()).isEqualTo("235");
        assertThat(passwordsChecked).containsExactly("dr.martin@chu.localhost:pw");
        assertThat(logins.asked).isEmpty();
    }

    @Test
    void aStarCancelsTheExchange() {
        afterTls();

        auth("OAUTHBEARER");

        assertThat(text(answer("*"))).startsWith("501 5.7.0");
        assertThat(logins.asked).isEmpty();
    }

    @Test
    void theMxTakesNoneOfTheSectorsLogins() {
        afterTls();
        when(configuration.isPlainAuthEnabled()).thenReturn(false);

        assertThat(auth("OAUTHBEARER bi,hAWF1dGg9QmVhcmVyIHQBAQ==").getRetCode()).isEqualTo("504");
        assertThat(auth("EXTERNAL =").getRetCode()).isEqualTo("504");
        assertThat(auth("PLAIN " + base64("\0" + ORG_LOGIN + "\0pw")).getRetCode()).isEqualTo("504");
        assertThat(logins.asked).isEmpty();
    }

    @Test
    void ehloListsPlainAndLoginThenTheTokenMechanismsAfterTls() {
        afterTls();

        assertThat(handler.getImplementedEsmtpFeatures(session))
            .containsExactly("AUTH LOGIN PLAIN OAUTHBEARER XOAUTH2", "AUTH=LOGIN PLAIN OAUTHBEARER XOAUTH2");
    }

    @Test
    void ehloListsExternalWhenTheClientShowedACertificate() throws Exception {
        afterTls();
        SSLSession tls = mock(SSLSession.class);
        when(tls.getPeerCertificates()).thenReturn(new Certificate[] {mock(X509Certificate.class)});
        when(session.getSSLSession()).thenReturn(Optional.of(tls));
        logins.tokens = false;

        assertThat(handler.getImplementedEsmtpFeatures(session)).first().isEqualTo("AUTH LOGIN PLAIN EXTERNAL");
    }

    @Test
    void ehloListsNoAuthBeforeTls() {
        when(session.isAuthAnnounced()).thenReturn(false);

        assertThat(handler.getImplementedEsmtpFeatures(session)).isEmpty();
    }
}
