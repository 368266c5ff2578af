package fr.caducee.server.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.rules.smtp.ChainSettings;
import fr.caducee.rules.smtp.ChainSettings.MimeLimits;
import fr.caducee.server.settings.Settings;

class ChainSettingsModuleTest {
    @TempDir
    Path config;

    @Test
    void theShippedSettingsFileGivesTheDefaults() {
        Properties commandLine = new Properties();
        commandLine.setProperty("caducee.config", Path.of("../james-config").toAbsolutePath().toString());

        assertThat(ChainSettingsModule.read(Settings.load(commandLine, Map.of()))).isEqualTo(ChainSettings.DEFAULTS);
    }

    @Test
    void absentKeysTakeTheDefaults() throws Exception {
        assertThat(ChainSettingsModule.read(settings("# nothing set"))).isEqualTo(ChainSettings.DEFAULTS);
    }

    @Test
    void theValuesAreReadFromTheirKeys() throws Exception {
        Settings settings = settings(
            "caducee.smtp.maxRecipients= 50 ",
            "caducee.storage.reserveMegabytes=0",
            "caducee.benchmark.rulesOff=TRUE",
            "caducee.benchmark.peerChecksOff=true",
            "caducee.smtp.mime.maxDepth=8",
            "caducee.smtp.mime.maxParts=100",
            "caducee.smtp.mime.maxHeaders=200",
            "caducee.smtp.mime.maxHeaderLength=4096");

        assertThat(ChainSettingsModule.read(settings))
            .isEqualTo(new ChainSettings(50, 0, new MimeLimits(8, 100, 200, 4096), true, true));
    }

    @Test
    void aCommandLineOptionOverridesTheFile() throws Exception {
        Properties commandLine = new Properties();
        commandLine.setProperty("caducee.smtp.maxRecipients", "7");

        assertThat(ChainSettingsModule.read(settings(commandLine, "caducee.smtp.maxRecipients=50")).maxRecipients())
            .isEqualTo(7);
    }

    @Test
    void zeroRecipientsStopsTheStartNamingTheFileAndTheKey() {
        assertThatThrownBy(() -> ChainSettingsModule.read(settings("caducee.smtp.maxRecipients=0")))
            .hasMessage(file() + ": caducee.smtp.maxRecipients must be at least 1, was 0");
    }

    @Test
    void aNegativeReserveStopsTheStartNamingTheFileAndTheKey() {
        assertThatThrownBy(() -> ChainSettingsModule.read(settings("caducee.storage.reserveMegabytes=-1")))
            .hasMessageStartingWith(file() + ": caducee.storage.reserveMegabytes must be from 0 to ");
    }

    @Test
    void aReserveThatIsNoNumberStopsTheStart() {
        assertThatThrownBy(() -> ChainSettingsModule.read(settings("caducee.storage.reserveMegabytes=256MB")))
            .hasMessage(file() + ": caducee.storage.reserveMegabytes must be a whole number, was '256MB'");
    }

    @Test
    void aMimeLimitBelowOneStopsTheStartNamingTheKey() {
        assertThatThrownBy(() -> ChainSettingsModule.read(settings("caducee.smtp.mime.maxParts=0")))
            .hasMessage(file() + ": caducee.smtp.mime.maxParts must be at least 1, was 0");
    }

    @Test
    void theBenchmarkSwitchIsTrueOrFalseAndNothingElse() {
        assertThatThrownBy(() -> ChainSettingsModule.read(settings("caducee.benchmark.rulesOff=yes")))
            .hasMessage(file() + ": caducee.benchmark.rulesOff must be true or false, was 'yes'");
    }

    private Path file() {
        return config.resolve(Settings.FILE_NAME).toAbsolutePath().normalize();
    }

    private Settings settings(String... lines) throws Exception {
        return settings(new Properties(), lines);
    }

    private Settings settings(Properties commandLine, String... lines) throws Exception {
        Files.write(file(), List.of(lines));
        commandLine.setProperty("caducee.config", config.toString());
        return Settings.load(commandLine, Map.of());
    }
}
