package fr.caducee.server.webmail;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import fr.caducee.server.ListenerTls;

/**
 * SMTP to the outbound relay with JavaMail, on a session of its own (none of James's {@code mail.*} settings, no
 * client certificate). With STARTTLS (the default) the relay must offer it, or nothing is sent: never a fall-back
 * to clear text; the relay's certificate must chain to a CA the JVM trusts (public CAs: the relay is outside the
 * trust space) or to one of the server's trust anchors (the development root included), and name the relay's host.
 * TLS 1.2 and 1.3 only, the listeners' suites. AUTH, when the relay has credentials, only after STARTTLS.
 */
final class RelayTransport implements NoticeRelay.Transport {
    static final int TIMEOUT_MILLIS = 30_000;

    private final NoticeSettings settings;
    private final Session session;

    RelayTransport(NoticeSettings settings, List<X509Certificate> anchors) {
        this.settings = settings;
        this.session = Session.getInstance(properties(settings, settings.starttls() ? trusting(anchors) : null));
    }

    static Properties properties(NoticeSettings settings, SSLSocketFactory tls) {
        NoticeSettings.Relay relay = settings.relay().orElseThrow();
        Properties properties = new Properties();
        properties.setProperty("mail.transport.protocol", "smtp");
        properties.setProperty("mail.smtp.host", relay.host());
        properties.setProperty("mail.smtp.port", Integer.toString(relay.port()));
        properties.setProperty("mail.smtp.from", settings.from());
        properties.setProperty("mail.smtp.localhost", settings.from().substring(settings.from().lastIndexOf('@') + 1));
        properties.setProperty("mail.smtp.connectiontimeout", Integer.toString(TIMEOUT_MILLIS));
        properties.setProperty("mail.smtp.timeout", Integer.toString(TIMEOUT_MILLIS));
        properties.setProperty("mail.smtp.writetimeout", Integer.toString(TIMEOUT_MILLIS));
        properties.setProperty("mail.smtp.auth", Boolean.toString(settings.credentials().isPresent()));
        properties.setProperty("mail.smtp.starttls.enable", Boolean.toString(settings.starttls()));
        properties.setProperty("mail.smtp.starttls.required", Boolean.toString(settings.starttls()));
        if (settings.starttls()) {
            properties.put("mail.smtp.ssl.socketFactory", tls);
            properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            properties.setProperty("mail.smtp.ssl.protocols", String.join(" ", ListenerTls.PROTOCOLS));
            properties.setProperty("mail.smtp.ssl.ciphersuites", String.join(" ", ListenerTls.CIPHER_SUITES));
            properties.setProperty("mail.smtp.socketFactory.fallback", "false");
            properties.setProperty("mail.smtp.ssl.socketFactory.fallback", "false");
        }
        return properties;
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public void send(MimeMessage message, String to) throws MessagingException {
        NoticeSettings.Relay relay = settings.relay().orElseThrow();
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(relay.host(), relay.port(), settings.credentials().map(c -> c.user()).orElse(null),
                settings.credentials().map(c -> c.password()).orElse(null));
            transport.sendMessage(message, new Address[] {new InternetAddress(to, true)});
        }
    }

    /** The JVM's trusted CAs and the server's trust anchors, checked by the JDK's PKIX validation. */
    static SSLSocketFactory trusting(List<X509Certificate> anchors) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            List<X509Certificate> all = new ArrayList<>(anchors);
            all.addAll(List.of(jvmDefault().getAcceptedIssuers()));
            for (int i = 0; i < all.size(); i++) {
                trusted.setCertificateEntry("ca-" + i, all.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Cannot build the TLS context for the notices' relay: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager jvmDefault() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("the JVM has no X.509 trust manager");
    }
}
