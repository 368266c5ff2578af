package fr.caducee.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.webmail.WebmailSettings;

class WebmailConfigurationTest {

    @Test
    void theDefaultsListenOn10444ForTheFirstHostNameOfTheCertificate() {
        WebmailConfiguration configuration = WebmailConfiguration.from(Settings.of(Map.of(
            Setting.HOSTNAMES, "webmail.chu.localhost,localhost", Setting.DEMO, "false")));

        assertThat(configuration.bind().getPort()).isEqualTo(10444);
        assertThat(configuration.bind().getHostString()).isEqualTo("0.0.0.0");
        WebmailSettings webmail = configuration.settings();
        assertThat(webmail.origin()).isEqualTo("https://webmail.chu.localhost:10444");
        assertThat(webmail.sessionIdle()).isEqualTo(Duration.ofMinutes(15));
        assertThat(webmail.sessionMax()).isEqualTo(Duration.ofHours(12));
        assertThat(webmail.uploadLimit()).isEqualTo(10L * 1024 * 1024);
        assertThat(webmail.lockoutAttempts()).isEqualTo(5);
        assertThat(webmail.lockoutFirst()).isEqualTo(Duration.ofMinutes(1));
        assertThat(webmail.lockoutMax()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void onPort443TheOriginNamesNoPortAndAnOriginGivenIsKept() {
        assertThat(WebmailConfiguration.from(Settings.of(Map.of(Setting.HOSTNAMES, "mail.chu.example",
            Setting.WEBMAIL_BIND, "0.0.0.0:443"))).settings().origin()).isEqualTo("https://mail.chu.example");
        assertThat(WebmailConfiguration.from(Settings.of(Map.of(Setting.WEBMAIL_ORIGIN, "https://patients.chu.example")))
            .settings().origin()).isEqualTo("https://patients.chu.example");
    }

    @Test
    void durationsAndSizesAreWrittenAsJamesWritesThem() {
        WebmailSettings webmail = WebmailConfiguration.from(Settings.of(Map.of(
            Setting.WEBMAIL_SESSION_IDLE, "600", Setting.WEBMAIL_SESSION_MAX, "8h", Setting.WEBMAIL_UPLOAD_LIMIT, "512K",
            Setting.WEBMAIL_LOCKOUT_FIRST, "30 seconds", Setting.WEBMAIL_LOCKOUT_MAX, "2 hours",
            Setting.WEBMAIL_LOCKOUT_ATTEMPTS, "3"))).settings();

        assertThat(webmail.sessionIdle()).isEqualTo(Duration.ofMinutes(10));
        assertThat(webmail.sessionMax()).isEqualTo(Duration.ofHours(8));
        assertThat(webmail.uploadLimit()).isEqualTo(512 * 1024);
        assertThat(webmail.lockoutFirst()).isEqualTo(Duration.ofSeconds(30));
        assertThat(webmail.lockoutMax()).isEqualTo(Duration.ofHours(2));
        assertThat(webmail.lockoutAttempts()).isEqualTo(3);
    }

    @Test
    void aWrongValueStopsTheStartNamingItsKey() {
        assertRefused(Map.of(Setting.WEBMAIL_ORIGIN, "http://patients.chu.example"), "caducee.webmail.origin");
        assertRefused(Map.of(Setting.WEBMAIL_ORIGIN, "https://patients.chu.example/"), "caducee.webmail.origin");
        assertRefused(Map.of(Setting.WEBMAIL_BIND, "127.0.0.1:0"), "caducee.webmail.origin");
        assertRefused(Map.of(Setting.WEBMAIL_SESSION_IDLE, "quinze minutes"), "caducee.webmail.sessionIdle");
        assertRefused(Map.of(Setting.WEBMAIL_SESSION_IDLE, "0"), "caducee.webmail.sessionIdle");
        assertRefused(Map.of(Setting.WEBMAIL_SESSION_MAX, "5 minutes"), "caducee.webmail.sessionMax");
        assertRefused(Map.of(Setting.WEBMAIL_UPLOAD_LIMIT, "dix mega"), "caducee.webmail.uploadLimit");
        assertRefused(Map.of(Setting.WEBMAIL_LOCKOUT_ATTEMPTS, "0"), "caducee.webmail.lockout.attempts");
        assertRefused(Map.of(Setting.WEBMAIL_LOCKOUT_MAX, "10 s"), "caducee.webmail.lockout.max");
    }

    private static void assertRefused(Map<Setting, String> values, String key) {
        assertThatThrownBy(() -> WebmailConfiguration.from(Settings.of(values)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key);
    }
}
