package fr.caducee.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

class NoticeSettingsTest {
    @TempDir
    Path config;

    private static NoticeSettings from(Map<Setting, String> values) {
        return NoticeSettings.from(Settings.of(values), List.of("mail.operateur.example"));
    }

    @Test
    void notificationsAreOffUntilARelayIsSet() {
        NoticeSettings settings = from(Map.of());

        assertThat(settings.enabled()).isFalse();
        assertThat(settings.describe()).contains("off").contains("caducee.webmail.notices.relay");
        assertThat(settings.from()).isEqualTo("ne-pas-repondre@caducee.localhost");
        assertThat(settings.origin()).isEqualTo("https://mail.operateur.example:10444");
    }

    @Test
    void aRelayRequiresStartTlsUnlessNoneIsSaid() {
        NoticeSettings required = from(Map.of(Setting.WEBMAIL_NOTICES_RELAY, "smtp.relais.example:587",
            Setting.WEBMAIL_ORIGIN, "https://messagerie.operateur.example"));

        assertThat(required.relay()).contains(new NoticeSettings.Relay("smtp.relais.example", 587));
        assertThat(required.starttls()).isTrue();
        assertThat(required.origin()).isEqualTo("https://messagerie.operateur.example");
        assertThat(required.describe()).contains("smtp.relais.example:587").contains("STARTTLS required");

        NoticeSettings clear = from(Map.of(Setting.WEBMAIL_NOTICES_RELAY, "localhost:25",
            Setting.WEBMAIL_NOTICES_RELAY_TLS, "NONE"));
        assertThat(clear.starttls()).isFalse();
        assertThat(clear.describe()).contains("WITHOUT TLS");
    }

    @Test
    void wrongValuesStopTheStartNamingTheKey() {
        assertThatThrownBy(() -> from(Map.of(Setting.WEBMAIL_NOTICES_RELAY_TLS, "tls")))
            .hasMessageContaining("caducee.webmail.notices.relayTls").hasMessageContaining("starttls or none");
        assertThatThrownBy(() -> from(Map.of(Setting.WEBMAIL_NOTICES_FROM, "Caducée <nobody@example.org>")))
            .hasMessageContaining("caducee.webmail.notices.from");
        assertThatThrownBy(() -> from(Map.of(Setting.WEBMAIL_NOTICES_FROM, "nobody")))
            .hasMessageContaining("caducee.webmail.notices.from");
        assertThatThrownBy(() -> from(Map.of(Setting.WEBMAIL_ORIGIN, "http://messagerie.example")))
            .hasMessageContaining("caducee.webmail.origin").hasMessageContaining("https://host");
        assertThatThrownBy(() -> from(Map.of(Setting.WEBMAIL_ORIGIN, "https://messagerie.example/boite")))
            .hasMessageContaining("without a path");
        assertThatThrownBy(() -> from(Map.of(Setting.WEBMAIL_NOTICES_RELAY, "relais-sans-port")))
            .hasMessageContaining("caducee.webmail.notices.relay").hasMessageContaining("host:port");
    }

    @Test
    void credentialsComeFromAnOwnerOnlyFileAndNeverTravelInClear() throws Exception {
        Path file = Files.writeString(config.resolve("relay-login"), "caducee-notices:mot:de:passe\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        NoticeSettings settings = NoticeSettings.from(load(Map.of("caducee.webmail.notices.relay", "relais.example:587",
            "caducee.webmail.notices.credentials", file.toString())), List.of("localhost"));

        assertThat(settings.credentials()).contains(new NoticeSettings.Credentials("caducee-notices", "mot:de:passe"));
        assertThat(settings.credentials().orElseThrow().toString()).doesNotContain("mot:de:passe");
        assertThat(settings.describe()).contains("as caducee-notices").doesNotContain("passe");

        assertThatThrownBy(() -> NoticeSettings.from(load(Map.of("caducee.webmail.notices.relay", "relais.example:25",
            "caducee.webmail.notices.relayTls", "none", "caducee.webmail.notices.credentials", file.toString())),
            List.of("localhost")))
            .hasMessageContaining("caducee.webmail.notices.relayTls").hasMessageContaining("in clear");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> load(Map.of("caducee.webmail.notices.credentials", file.toString())))
            .hasMessageContaining("caducee.webmail.notices.credentials").hasMessageContaining("chmod 600");
    }

    @Test
    void aLoginThatIsNotUserColonPasswordIsRefused() {
        assertThatThrownBy(() -> from(Map.of(Setting.WEBMAIL_NOTICES_RELAY_LOGIN, "justapassword")))
            .hasMessageContaining("user:password");
        assertThat(from(Map.of(Setting.WEBMAIL_NOTICES_RELAY_LOGIN, "u:p")).credentials()).isPresent();
        assertThat(from(Map.of()).credentials()).isEqualTo(Optional.empty());
    }

    @Test
    void theLoginIsASecretRefusedOnTheCommandLine() {
        Properties commandLine = new Properties();
        commandLine.setProperty("caducee.config", config.toString());
        commandLine.setProperty("caducee.webmail.notices.relayLogin", "u:p");

        assertThatThrownBy(() -> Settings.load(commandLine, Map.of()))
            .hasMessageContaining("caducee.webmail.notices.credentials");
    }

    private Settings load(Map<String, String> options) {
        Properties commandLine = new Properties();
        commandLine.setProperty("caducee.config", config.toString());
        new HashMap<>(options).forEach(commandLine::setProperty);
        return Settings.load(commandLine, Map.of());
    }
}
