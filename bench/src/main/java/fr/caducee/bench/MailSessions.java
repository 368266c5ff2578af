package fr.caducee.bench;

import java.util.Properties;

import javax.net.ssl.SSLContext;

/**
 * The JavaMail settings every load and check program uses: submission over STARTTLS with AUTH, and IMAPS, both
 * checking the server's certificate and name against the given TLS context, with timeouts so that a dead server
 * ends a call instead of hanging it.
 */
final class MailSessions {
    private MailSessions() {
    }

    /** Submission to {@code host:port} (STARTTLS required, AUTH) and IMAPS to {@code host}. */
    static Properties submissionAndImaps(String host, int port, SSLContext tls) {
        Properties properties = imaps(host, tls);
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", String.valueOf(port));
        properties.put("mail.smtp.auth", "true");
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", "true");
        properties.put("mail.smtp.ssl.socketFactory", tls.getSocketFactory());
        properties.put("mail.smtp.ssl.checkserveridentity", "true");
        // Sent as 8bit when the server offers 8BITMIME, so the accented body is not inflated by quoted-printable.
        properties.put("mail.smtp.allow8bitmime", "true");
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "120000");
        return properties;
    }

    static Properties imaps(String host, SSLContext tls) {
        Properties properties = new Properties();
        properties.put("mail.imaps.host", host);
        properties.put("mail.imaps.ssl.socketFactory", tls.getSocketFactory());
        properties.put("mail.imaps.ssl.checkserveridentity", "true");
        properties.put("mail.imaps.connectiontimeout", "10000");
        properties.put("mail.imaps.timeout", "60000");
        return properties;
    }
}
