package fr.caducee.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;

import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.builder.FileBasedConfigurationBuilder;
import org.apache.commons.configuration2.builder.fluent.Parameters;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.junit.jupiter.api.Test;

class ListenerTlsTest {
    private static final char[] SECRET = "s3cret".toCharArray();

    @Test
    void everySmtpListenerGetsTheOneCipherListTheProtocolsAndTheSecret() throws Exception {
        XMLConfiguration smtp = shipped("smtpserver.xml");

        ListenerTls.complete(smtp, "smtpserver.xml", "smtpserver", SECRET);

        for (int i = 0; i < 3; i++) {
            String tls = "smtpserver(" + i + ").tls";
            assertThat(smtp.getStringArray(tls + ".supportedCipherSuites.cipherSuite"))
                .containsExactlyElementsOf(ListenerTls.CIPHER_SUITES);
            assertThat(smtp.getStringArray(tls + ".supportedProtocols.protocol")).containsExactly("TLSv1.3", "TLSv1.2");
            assertThat(smtp.getString(tls + ".secret")).isEqualTo("s3cret");
        }
        // Only the MX checks client certificates: its truststore gets the secret, the others have none.
        assertThat(smtp.getString("smtpserver(0).tls.clientAuth.truststoreSecret")).isEqualTo("s3cret");
        assertThat(smtp.containsKey("smtpserver(1).tls.clientAuth.truststoreSecret")).isFalse();
    }

    @Test
    void everyImapListenerGetsTheSameList() throws Exception {
        XMLConfiguration imap = shipped("imapserver.xml");

        ListenerTls.complete(imap, "imapserver.xml", "imapserver", SECRET);

        assertThat(imap.getStringArray("imapserver(0).tls.supportedCipherSuites.cipherSuite"))
            .containsExactlyElementsOf(ListenerTls.CIPHER_SUITES);
        assertThat(imap.getStringArray("imapserver(1).tls.supportedCipherSuites.cipherSuite"))
            .containsExactlyElementsOf(ListenerTls.CIPHER_SUITES);
    }

    @Test
    void aSecondCipherListInTheXmlStopsTheStart() throws Exception {
        XMLConfiguration smtp = shipped("smtpserver.xml");
        smtp.addProperty("smtpserver(1).tls.supportedCipherSuites.cipherSuite", "TLS_RSA_WITH_RC4_128_MD5");

        assertThatThrownBy(() -> ListenerTls.complete(smtp, "smtpserver.xml", "smtpserver", SECRET))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("smtpserver.xml: smtpserver submission sets tls.supportedCipherSuites.cipherSuite");
    }

    @Test
    void aSecretInTheXmlStopsTheStart() throws Exception {
        XMLConfiguration imap = shipped("imapserver.xml");
        imap.addProperty("imapserver(0).tls.secret", "changeit");

        assertThatThrownBy(() -> ListenerTls.complete(imap, "imapserver.xml", "imapserver", SECRET))
            .hasMessageContaining("sets tls.secret");
    }

    @Test
    void theListenersOfMailClientsAskForACertificateAndTheMxRequiresOne() throws Exception {
        XMLConfiguration smtp = shipped("smtpserver.xml");
        XMLConfiguration imap = shipped("imapserver.xml");

        assertThat(ListenerTls.clientCertificateAsked(smtp.configurationAt("smtpserver(0)"))).isFalse();
        assertThat(ListenerTls.clientCertificateAsked(smtp.configurationAt("smtpserver(1)"))).isTrue();
        assertThat(ListenerTls.clientCertificateAsked(smtp.configurationAt("smtpserver(2)"))).isTrue();
        assertThat(ListenerTls.clientCertificateAsked(imap.configurationAt("imapserver(0)"))).isTrue();
        assertThat(ListenerTls.clientCertificateAsked(imap.configurationAt("imapserver(1)"))).isTrue();
    }

    @Test
    void aClientCertificateOtherThanAskedStopsTheStart() throws Exception {
        XMLConfiguration imap = shipped("imapserver.xml");
        imap.setProperty("imapserver(1).tls.clientCertificate", "required");

        assertThatThrownBy(() -> ListenerTls.complete(imap, "imapserver.xml", "imapserver", SECRET))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("imapserver imaps: tls.clientCertificate can only be 'asked'");
    }

    @Test
    void aCertificateBothAskedAndRequiredStopsTheStart() throws Exception {
        XMLConfiguration smtp = shipped("smtpserver.xml");
        smtp.addProperty("smtpserver(0).tls.clientCertificate", "asked");

        assertThatThrownBy(() -> ListenerTls.complete(smtp, "smtpserver.xml", "smtpserver", SECRET))
            .hasMessageContaining("smtpserver mx sets both tls.clientAuth");
    }

    private static XMLConfiguration shipped(String name) throws ConfigurationException {
        return new FileBasedConfigurationBuilder<>(XMLConfiguration.class)
            .configure(new Parameters().xml().setFile(new File("../james-config/" + name)))
            .getConfiguration();
    }
}
