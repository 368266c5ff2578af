package fr.caducee.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.temporal.ChronoUnit;

import org.apache.commons.configuration2.BaseConfiguration;
import org.junit.jupiter.api.Test;

class SettingsFileTest {
    private final BaseConfiguration properties = new BaseConfiguration();
    private final SettingsFile file = new SettingsFile("example.properties", properties);

    @Test
    void absentSettingsShouldTakeTheirDefaults() {
        assertThat(file.integer("threads", 32)).isEqualTo(32);
        assertThat(file.number("bytes", 5_000_000_000L)).isEqualTo(5_000_000_000L);
        assertThat(file.text("name", "caducee")).isEqualTo("caducee");
    }

    @Test
    void valuesShouldBeReadWithoutTheirSurroundingBlanks() {
        properties.setProperty("threads", " 8 ");
        properties.setProperty("unit", " Seconds ");

        assertThat(file.integer("threads", 32)).isEqualTo(8);
        assertThat(file.choice("unit", "days", ChronoUnit.class, "seconds or days")).isEqualTo(ChronoUnit.SECONDS);
    }

    @Test
    void aWrongValueShouldBeRefusedNamingTheFileTheSettingAndTheValue() {
        properties.setProperty("threads", "eight");
        properties.setProperty("unit", "fortnights");

        assertThatThrownBy(() -> file.integer("threads", 32))
            .hasMessage("example.properties: threads must be a whole number, was 'eight'");
        assertThatThrownBy(() -> file.choice("unit", "days", ChronoUnit.class, "seconds or days"))
            .hasMessage("example.properties: unit must be seconds or days, was 'fortnights'");
    }
}
