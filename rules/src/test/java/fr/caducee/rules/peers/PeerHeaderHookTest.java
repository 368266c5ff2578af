package fr.caducee.rules.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.util.List;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;
import javax.net.ssl.SSLSession;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import fr.caducee.rules.patients.FakeSmtpSession;
import fr.caducee.rules.smtp.Refusals;

class PeerHeaderHookTest {
    private static final PeerIdentity PEER = new PeerIdentity("CN=mx.clinique.localhost,O=Hôpital Nord",
        "CN=IGC-Santé de test", "1f", List.of("mx.clinique.localhost"), true);

    private final PeerHeaderHook hook = new PeerHeaderHook();

    @Test
    void aMessageFromAPeerNamesTheOperatorItsCertificateProvedInPlainAscii() throws Exception {
        Mail mail = mail(MimeMessageBuilder.mimeMessageBuilder().setText("x").build());

        assertThat(hook.onMessage(checkedPeer(), mail)).isEqualTo(HookResult.DECLINED);

        String header = mail.getMessage().getHeader("X-Caducee-Peer", null);
        assertThat(MimeUtility.unfold(header)).isEqualTo(
            "CN=mx.clinique.localhost,O=H\\C3\\B4pital Nord; serial=1f; issuer=CN=IGC-Sant\\C3\\A9 de test");
        assertThat(("X-Caducee-Peer: " + header).split("\r\n")).as("folded for SMTP")
            .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(78));
    }

    @Test
    void eachMessageOfAConnectionNamesTheIdentityProvedForIt() throws Exception {
        SMTPSession session = checkedPeer();
        Mail first = mail(MimeMessageBuilder.mimeMessageBuilder().setText("x").build());
        hook.onMessage(session, first);
        PeerIdentity other = new PeerIdentity("CN=mx.autre.localhost", PEER.issuer(), "2a", List.of("mx.autre.localhost"), true);
        session.setAttachment(PeerCertificateHook.PEER, other, ProtocolSession.State.Connection);
        Mail second = mail(MimeMessageBuilder.mimeMessageBuilder().setText("y").build());

        hook.onMessage(session, second);

        assertThat(first.getMessage().getHeader("X-Caducee-Peer", null)).startsWith("CN=mx.clinique.localhost");
        assertThat(MimeUtility.unfold(second.getMessage().getHeader("X-Caducee-Peer", null)))
            .isEqualTo(MimeUtility.unfold(PeerHeaderHook.value(other))).startsWith("CN=mx.autre.localhost").contains("serial=2a");
    }

    @Test
    void theHeaderAPeerWroteItselfIsReplaced() throws Exception {
        Mail mail = mail(MimeMessageBuilder.mimeMessageBuilder().addHeader("X-Caducee-Peer", "CN=forged").setText("x").build());

        hook.onMessage(checkedPeer(), mail);

        assertThat(mail.getMessage().getHeader("X-Caducee-Peer")).singleElement().asString().startsWith("CN=mx.clinique.localhost");
    }

    @Test
    void aMessageFromALoggedInBoxGetsNoPeerHeader() throws Exception {
        Mail mail = mail(MimeMessageBuilder.mimeMessageBuilder().setText("x").build());

        assertThat(hook.onMessage(FakeSmtpSession.submission("dr.durand@chu.localhost"), mail)).isEqualTo(HookResult.DECLINED);

        assertThat(mail.getMessage().getHeader("X-Caducee-Peer")).isNull();
    }

    @Test
    void aMessageThatCannotTakeTheHeaderIsDeferred451() throws Exception {
        SMTPSession session = checkedPeer();
        MimeMessage unwritable = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            public void setHeader(String name, String value) throws MessagingException {
                throw new MessagingException("read-only");
            }
        };

        HookResult result = hook.onMessage(session, mail(unwritable));

        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENYSOFT);
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
        assertThat(result.getSmtpDescription()).startsWith("4.3.0 ");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("identity-header-failed");
    }

    private static SMTPSession checkedPeer() {
        SMTPSession session = FakeSmtpSession.mx(mock(SSLSession.class));
        session.setAttachment(PeerCertificateHook.PEER, PEER, ProtocolSession.State.Connection);
        return session;
    }

    private static Mail mail(MimeMessage message) throws Exception {
        return FakeMail.builder().name("m").recipient("dr.durand@chu.localhost").mimeMessage(message).build();
    }
}
