package fr.caducee.rules.senders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Optional;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import fr.caducee.rules.peers.PeerCertificateHook;
import fr.caducee.rules.peers.PeerHeaderHook;
import fr.caducee.rules.peers.PeerIdentity;

/** Our own identity headers: what a client or a peer wrote is removed, then ours say who proved what. */
class IdentityHeadersHookTest {
    private static final PeerIdentity PEER = new PeerIdentity("CN=mx.peer-operator.localhost,O=Peer Operator\\; Sante,C=FR",
        "CN=Caducee Development Root,O=Caducee", "1a2b3c", List.of("mx.peer-operator.localhost"), true);

    @Test
    void ourHeadersAndReturnPathAreRemovedWhoeverWroteThem() throws Exception {
        MimeMessage message = message();
        message.addHeader("X-Caducee-Authenticated", "dr.someone-else@caducee.localhost");
        message.addHeader("x-caducee-peer", "CN=forged");
        message.addHeader("X-CADUCEE-Whatever", "1");
        message.addHeader("Return-Path", "<forged@caducee.localhost>");
        message.addHeader("X-Caduceus", "not ours");
        message.addHeader("X-MSS-NIL", "Logiciel-1.0");

        assertThat(new ForgeableHeadersHook().onMessage(mock(SMTPSession.class), mail(message))).isEqualTo(HookResult.DECLINED);

        assertThat(message.getHeader("X-Caducee-Authenticated")).isNull();
        assertThat(message.getHeader("X-Caducee-Peer")).isNull();
        assertThat(message.getHeader("X-Caducee-Whatever")).isNull();
        assertThat(message.getHeader("Return-Path")).isNull();
        assertThat(message.getHeader("X-Caduceus")).containsExactly("not ours");
        assertThat(message.getHeader("X-MSS-NIL")).containsExactly("Logiciel-1.0");
        assertThat(message.getSubject()).isEqualTo("Compte rendu");
    }

    @Test
    void onSubmissionTheLoginIsNamed() throws Exception {
        SMTPSession session = mock(SMTPSession.class);
        when(session.getUsername()).thenReturn(Username.of("Dr.Mercier@chu.localhost"));
        MimeMessage message = message();
        message.addHeader("X-Caducee-Authenticated", "dr.fontaine@chu.localhost");

        assertThat(new AuthenticatedHeaderHook().onMessage(session, mail(message))).isEqualTo(HookResult.DECLINED);

        assertThat(message.getHeader("X-Caducee-Authenticated")).containsExactly("dr.mercier@chu.localhost");
    }

    @Test
    void withoutLoginThereIsNoAuthenticatedHeader() throws Exception {
        MimeMessage message = message();

        new AuthenticatedHeaderHook().onMessage(mock(SMTPSession.class), mail(message));

        assertThat(message.getHeader("X-Caducee-Authenticated")).isNull();
    }

    @Test
    void onTheMxThePeerCertificateIsNamed() throws Exception {
        SMTPSession session = mock(SMTPSession.class);
        when(session.getAttachment(PeerCertificateHook.PEER, ProtocolSession.State.Connection)).thenReturn(Optional.of(PEER));
        MimeMessage message = message();
        message.addHeader("X-Caducee-Peer", "CN=forged");

        assertThat(new PeerHeaderHook().onMessage(session, mail(message))).isEqualTo(HookResult.DECLINED);

        assertThat(message.getHeader("X-Caducee-Peer")).hasSize(1);
        assertThat(javax.mail.internet.MimeUtility.unfold(message.getHeader("X-Caducee-Peer")[0])).isEqualTo(
            "CN=mx.peer-operator.localhost,O=Peer Operator\\; Sante,C=FR; serial=1a2b3c; issuer=CN=Caducee Development Root,O=Caducee");
    }

    @Test
    void aPeerNameWithAccentsOrControlCharactersIsEscapedTheRfc4514Way() throws Exception {
        PeerIdentity accented = new PeerIdentity("CN=mx.chu.localhost,O=H\u00f4pital\r\nX-Injected: 1", "CN=Caduc\u00e9e Root", "01",
            List.of(), true);

        String value = javax.mail.internet.MimeUtility.unfold(PeerHeaderHook.value(accented));

        assertThat(value).isEqualTo("CN=mx.chu.localhost,O=H\\C3\\B4pital\\0D\\0AX-Injected: 1; serial=01; issuer=CN=Caduc\\C3\\A9e Root");
        assertThat(new javax.security.auth.x500.X500Principal("CN=Caduc\\C3\\A9e Root").getName()).isEqualTo("CN=Caduc\u00e9e Root");
    }

    @Test
    void withoutPeerThereIsNoPeerHeader() throws Exception {
        MimeMessage message = message();

        new PeerHeaderHook().onMessage(mock(SMTPSession.class), mail(message));

        assertThat(message.getHeader("X-Caducee-Peer")).isNull();
    }

    private static MimeMessage message() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new java.util.Properties()));
        message.setFrom("dr.mercier@chu.localhost");
        message.setSubject("Compte rendu");
        message.setText("texte");
        message.saveChanges();
        return message;
    }

    private static FakeMail mail(MimeMessage message) throws Exception {
        return FakeMail.builder().name("m").mimeMessage(message).build();
    }
}
