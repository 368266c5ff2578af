package fr.caducee.rules.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import javax.mail.Session;
import javax.mail.URLName;

import org.junit.jupiter.api.Test;

class SMTPTransportTest {
    @Test
    void remoteDeliverysMailSmtpClassParameterSelectsThisTransport() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.class", SMTPTransport.class.getName());

        assertThat(Session.getInstance(properties).getTransport(new URLName("smtp://mx.chu-exemple.fr:25")))
            .isInstanceOf(SMTPTransport.class);
    }

    @Test
    void itIsNotTheDefaultSmtpTransportOfTheJvm() throws Exception {
        assertThat(Session.getInstance(new Properties()).getTransport(new URLName("smtp://mx.chu-exemple.fr:25")))
            .isNotInstanceOf(SMTPTransport.class);
    }

    @Test
    void itsNameKeepsRemoteDeliveryFromConvertingMessagesToSevenBits() {
        // MailDelivrerToHost.shouldAdapt: only a transport whose class name ends in ".SMTPTransport" keeps 8BITMIME
        assertThat(SMTPTransport.class.getName()).endsWith(".SMTPTransport");
    }
}
