package fr.caducee.server.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.server.settings.Settings;

class LogFormatTest {
    @TempDir
    Path config;

    @Test
    void textUnlessSaidOtherwise() {
        assertThat(LogFormat.beforeSettings(commandLine())).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void theSettingsFileCanAskForJson() throws Exception {
        Files.writeString(config.resolve("caducee.properties"), "caducee.log.format = JSON\n");

        assertThat(LogFormat.beforeSettings(commandLine())).isEqualTo(LogFormat.JSON);
    }

    @Test
    void theCommandLineWinsOverTheFile() throws Exception {
        Files.writeString(config.resolve("caducee.properties"), "caducee.log.format=json\n");
        Properties commandLine = commandLine();
        commandLine.setProperty("caducee.log.format", "text");

        assertThat(LogFormat.beforeSettings(commandLine)).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void anUnknownFormatIsWrittenAsTextThenStopsTheStartWithTheChoices() throws Exception {
        Files.writeString(config.resolve("caducee.properties"), "caducee.log.format=xml\n");

        assertThat(LogFormat.beforeSettings(commandLine())).isEqualTo(LogFormat.TEXT);
        Settings settings = Settings.load(commandLine(), Map.of());
        assertThatThrownBy(() -> LogFormat.from(settings))
            .hasMessageContaining("caducee.log.format")
            .hasMessageContaining("xml")
            .hasMessageContaining("json (one JSON object per line)");
    }

    private Properties commandLine() {
        Properties commandLine = new Properties();
        commandLine.setProperty("caducee.config", config.toString());
        return commandLine;
    }
}
