package fr.caducee.rules.senders;

import static fr.caducee.rules.smtp.Refusals.assertDeclined;
import static fr.caducee.rules.smtp.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;

import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import fr.caducee.rules.patients.FakeSmtpSession;

/** The headers only this server may write are removed from what a client or a peer sent, on every listener. */
class ForgeableHeadersHookTest {

    @Test
    void everyLineOfOurHeadersIsRemovedFromWhatAPeerSent() throws Exception {
        SMTPSession session = FakeSmtpSession.mxInClear();
        MimeMessage message = message();
        message.addHeader("X-Caducee-Peer", "CN=mx.chu.localhost");
        message.addHeader("X-Caducee-Peer", "CN=mx.autre.localhost");
        message.addHeader("Return-Path", "<dr.lefebvre@chu.localhost>");

        assertDeclined(new ForgeableHeadersHook().onMessage(session, mail(message)), session);

        assertThat(message.getHeader("X-Caducee-Peer")).isNull();
        assertThat(message.getHeader("Return-Path")).isNull();
    }

    @Test
    void aMessageWithNoneOfOurHeadersKeepsEveryHeaderInItsOrder() throws Exception {
        SMTPSession session = FakeSmtpSession.submission("dr.lefebvre@chu.localhost");
        MimeMessage message = message();
        message.addHeader("X-MSS-NIL", "Logiciel-1.0");
        message.addHeader("Received", "from poste.chu.localhost");
        List<String> before = Collections.list(message.getAllHeaderLines());

        assertDeclined(new ForgeableHeadersHook().onMessage(session, mail(message)), session);

        assertThat(Collections.list(message.getAllHeaderLines())).isEqualTo(before);
    }

    @Test
    void onlyOurPrefixAndReturnPathItselfAreOursWhateverTheirCase() {
        assertThat(ForgeableHeadersHook.isOurs("x-caducee-authenticated")).isTrue();
        assertThat(ForgeableHeadersHook.isOurs("RETURN-PATH")).isTrue();
        assertThat(ForgeableHeadersHook.isOurs("Return-Path-Hint")).isFalse();
        assertThat(ForgeableHeadersHook.isOurs("X-Caducee")).isFalse();
        assertThat(ForgeableHeadersHook.isOurs("X-MSS-NIL")).isFalse();
    }

    @Test
    void aMessageWhoseHeadersCannotBeReadIsRefusedForNowRatherThanPassedOnUnchecked() throws Exception {
        SMTPSession session = FakeSmtpSession.mxInClear();
        MimeMessage unreadable = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            public Enumeration<Header> getAllHeaders() throws MessagingException {
                throw new MessagingException("spool file truncated");
            }
        };

        assertRefused(new ForgeableHeadersHook().onMessage(session, mail(unreadable)), session, "451", "4.3.0",
            "forgeable-headers-failed").isEqualTo("The message could not be prepared: try again later");
    }

    private static MimeMessage message() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom("dr.lefebvre@chu.localhost");
        message.setSubject("Compte rendu");
        message.setText("texte");
        return message;
    }

    private static FakeMail mail(MimeMessage message) throws Exception {
        return FakeMail.builder().name("m").mimeMessage(message).build();
    }
}
