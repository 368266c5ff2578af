package fr.caducee.server.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

import fr.caducee.identity.smime.ServerSigner;
import fr.caducee.rules.senders.ServerWritten;

class ServerMessageSigningTest {
    private final TestSignatures signatures = new TestSignatures();

    @Test
    void aMailTheServerWroteIsSignedWithItsHeadersOutside() throws Exception {
        FakeMail mail = FakeMail.builder().name("record-1").mimeMessage(TestSignatures.notice()).build();
        ServerWritten.mark(mail, "record-notice");

        mailet(true).service(mail);

        assertThat(ServerSigner.isSigned(mail.getMessage())).isTrue();
        assertThat(mail.getMessage().getMessageID()).isEqualTo("<notice-1@caducee.localhost>");
        assertThat(mail.getMessage().getSubject()).isEqualTo("Un nouveau document");
    }

    @Test
    void aMailAProfessionalSentIsNeverSignedByUs() throws Exception {
        MimeMessage original = TestSignatures.notice();
        FakeMail mail = FakeMail.builder().name("mail-1").mimeMessage(original).build();

        mailet(true).service(mail);

        assertThat(mail.getMessage()).isSameAs(original);
    }

    @Test
    void aMailPassingTwiceIsSignedOnce() throws Exception {
        FakeMail mail = FakeMail.builder().name("dsn-1").mimeMessage(TestSignatures.notice()).build();
        ServerWritten.mark(mail, "dsn");
        ServerMessageSigning mailet = mailet(true);
        mailet.service(mail);
        MimeMessage once = mail.getMessage();

        mailet.service(mail);

        assertThat(mail.getMessage()).isSameAs(once);
    }

    @Test
    void withSigningOffNothingIsSigned() throws Exception {
        MimeMessage original = TestSignatures.notice();
        FakeMail mail = FakeMail.builder().name("record-1").mimeMessage(original).build();
        ServerWritten.mark(mail, "record-notice");

        mailet(false).service(mail);

        assertThat(mail.getMessage()).isSameAs(original);
    }

    @Test
    void aMailThatCannotBeSignedFailsForTheErrorProcessorAndIsNotSentUnsigned() throws Exception {
        MimeMessage unreadable = TestSignatures.message("""
            From: dmp@caducee.localhost
            Content-Type: text/plain; charset=us-ascii
            Content-Transfer-Encoding: base64

            Zm9v
            """) ;
        FakeMail mail = FakeMail.builder().name("record-2").mimeMessage(new MimeMessage(unreadable) {
            @Override
            public java.io.InputStream getRawInputStream() throws MessagingException {
                throw new MessagingException("the spool's copy is gone");
            }

            @Override
            public void writeTo(java.io.OutputStream out) throws MessagingException {
                throw new MessagingException("the spool's copy is gone");
            }
        }).build();
        ServerWritten.mark(mail, "record-receipt");

        assertThatThrownBy(() -> mailet(true).service(mail)).isInstanceOf(MessagingException.class)
            .hasMessageContaining("record-2 could not be signed");
    }

    private ServerMessageSigning mailet(boolean sign) throws Exception {
        ServerMessageSigning mailet = new ServerMessageSigning(signatures.signature(sign, true));
        mailet.init(FakeMailetConfig.builder().mailetName("ServerMessageSigning").build());
        return mailet;
    }
}
