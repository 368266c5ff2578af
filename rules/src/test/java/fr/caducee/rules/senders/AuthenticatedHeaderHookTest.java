package fr.caducee.rules.senders;

import static fr.caducee.rules.smtp.Refusals.assertDeclined;
import static fr.caducee.rules.smtp.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import fr.caducee.rules.patients.FakeSmtpSession;

/** X-Caducee-Authenticated names the login that proved itself, whatever the client wrote. */
class AuthenticatedHeaderHookTest {
    private static final String GP = "dr.lefebvre@chu.localhost";

    @Test
    void everyLineTheClientWroteIsReplacedByOneNamingTheLogin() throws Exception {
        SMTPSession session = FakeSmtpSession.submission("Dr.Lefebvre@CHU.localhost");
        MimeMessage message = message();
        message.addHeader("X-Caducee-Authenticated", "dr.martin@chu.localhost");
        message.addHeader("X-Caducee-Authenticated", "secretariat.cardio@chu.localhost");

        assertDeclined(new AuthenticatedHeaderHook().onMessage(session, mail(message)), session);

        assertThat(message.getHeader(AuthenticatedHeaderHook.HEADER)).containsExactly(GP);
    }

    @Test
    void aPatientsLoginIsNamedAsWell() throws Exception {
        SMTPSession session = FakeSmtpSession.submission("146026322000196@patient.chu.localhost");
        MimeMessage message = message();

        new AuthenticatedHeaderHook().onMessage(session, mail(message));

        assertThat(message.getHeader(AuthenticatedHeaderHook.HEADER))
            .containsExactly("146026322000196@patient.chu.localhost");
    }

    @Test
    void onTheMxNoLoginIsNamedAndTheMessageIsLeftAsItIs() throws Exception {
        SMTPSession session = FakeSmtpSession.mxInClear();
        MimeMessage message = message();

        assertDeclined(new AuthenticatedHeaderHook().onMessage(session, mail(message)), session);

        assertThat(message.getHeader(AuthenticatedHeaderHook.HEADER)).isNull();
    }

    @Test
    void aMessageThatCannotBeWrittenToIsRefusedForNowRatherThanSentWithoutTheHeader() throws Exception {
        SMTPSession session = FakeSmtpSession.submission(GP);
        MimeMessage unwritable = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            public void setHeader(String name, String value) throws MessagingException {
                throw new MessagingException("spool file unwritable");
            }
        };

        assertRefused(new AuthenticatedHeaderHook().onMessage(session, mail(unwritable)), session, "451", "4.3.0",
            "identity-header-failed").isEqualTo("The message could not be prepared: try again later");
    }

    private static MimeMessage message() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(GP);
        message.setSubject("Compte rendu");
        message.setText("texte");
        return message;
    }

    private static FakeMail mail(MimeMessage message) throws Exception {
        return FakeMail.builder().name("m").mimeMessage(message).build();
    }
}
