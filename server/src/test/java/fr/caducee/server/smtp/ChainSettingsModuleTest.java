package fr.caducee.server.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileReader;
import java.io.Reader;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.PropertiesConfiguration;
import org.junit.jupiter.api.Test;

import fr.caducee.rules.smtp.ChainSettings;
import fr.caducee.rules.smtp.ChainSettings.MimeLimits;

class ChainSettingsModuleTest {
    @Test
    void theShippedSettingsFileGivesTheDefaults() throws Exception {
        PropertiesConfiguration shipped = new PropertiesConfiguration();
        try (Reader reader = new FileReader("../james-config/caducee.properties")) {
            shipped.read(reader);
        }

        assertThat(ChainSettingsModule.read(shipped)).isEqualTo(ChainSettings.DEFAULTS);
    }

    @Test
    void absentKeysTakeTheDefaults() {
        assertThat(ChainSettingsModule.read(new BaseConfiguration())).isEqualTo(ChainSettings.DEFAULTS);
    }

    @Test
    void theValuesAreReadFromTheirKeys() {
        BaseConfiguration properties = new BaseConfiguration();
        properties.addProperty("caducee.smtp.maxRecipients", " 50 ");
        properties.addProperty("caducee.storage.reserveMegabytes", "0");
        properties.addProperty("caducee.benchmark.rulesOff", "TRUE");
        properties.addProperty("caducee.benchmark.peerChecksOff", "true");
        properties.addProperty("caducee.smtp.mime.maxDepth", "8");
        properties.addProperty("caducee.smtp.mime.maxParts", "100");
        properties.addProperty("caducee.smtp.mime.maxHeaders", "200");
        properties.addProperty("caducee.smtp.mime.maxHeaderLength", "4096");

        assertThat(ChainSettingsModule.read(properties))
            .isEqualTo(new ChainSettings(50, 0, new MimeLimits(8, 100, 200, 4096), true, true));
    }

    @Test
    void zeroRecipientsStopsTheStartNamingTheFileAndTheKey() {
        assertThatThrownBy(() -> ChainSettingsModule.read(with("caducee.smtp.maxRecipients", "0")))
            .hasMessage("caducee.properties: caducee.smtp.maxRecipients must be at least 1, was 0");
    }

    @Test
    void aNegativeReserveStopsTheStartNamingTheFileAndTheKey() {
        assertThatThrownBy(() -> ChainSettingsModule.read(with("caducee.storage.reserveMegabytes", "-1")))
            .hasMessageStartingWith("caducee.properties: caducee.storage.reserveMegabytes must be from 0 to ");
    }

    @Test
    void aReserveThatIsNoNumberStopsTheStart() {
        assertThatThrownBy(() -> ChainSettingsModule.read(with("caducee.storage.reserveMegabytes", "256MB")))
            .hasMessage("caducee.properties: caducee.storage.reserveMegabytes must be a whole number, was '256MB'");
    }

    @Test
    void aMimeLimitBelowOneStopsTheStartNamingTheKey() {
        assertThatThrownBy(() -> ChainSettingsModule.read(with("caducee.smtp.mime.maxParts", "0")))
            .hasMessage("caducee.properties: caducee.smtp.mime.maxParts must be at least 1, was 0");
    }

    @Test
    void theBenchmarkSwitchIsTrueOrFalseAndNothingElse() {
        assertThatThrownBy(() -> ChainSettingsModule.read(with("caducee.benchmark.rulesOff", "yes")))
            .hasMessage("caducee.properties: caducee.benchmark.rulesOff must be true or false, was 'yes'");
    }

    private static BaseConfiguration with(String key, String value) {
        BaseConfiguration properties = new BaseConfiguration();
        properties.addProperty(key, value);
        return properties;
    }
}
