package fr.caducee.server.records.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

class RecordRulesTest {
    @TempDir
    Path config;

    @Test
    void theShippedMatrixLoads() throws Exception {
        Path shipped = Path.of("..", "james-config", RecordRules.DEFAULT_MATRIX);
        Files.copy(shipped, config.resolve(RecordRules.DEFAULT_MATRIX));
        assertThat(RecordRules.load(Settings.of(Map.of()), config)).isNotNull();
    }

    @Test
    void aWrongLineStopsTheStartNamingTheFileAndTheLine() throws Exception {
        Files.writeString(config.resolve(RecordRules.DEFAULT_MATRIX), "10 *\n21 ordonnance\n");
        assertThatThrownBy(() -> RecordRules.load(Settings.of(Map.of()), config))
            .hasMessageContaining(RecordRules.DEFAULT_MATRIX + ", line 2")
            .hasMessageContaining("not a LOINC code");
    }

    @Test
    void aMissingMatrixStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> RecordRules.load(Settings.of(Map.of()), config))
            .hasMessageContaining(Setting.RECORDS_ACCESS_MATRIX.key());
    }

    @Test
    void aRegulatorStructureThatIsNoFinessNorSiretStopsTheStart() throws Exception {
        Files.writeString(config.resolve(RecordRules.DEFAULT_MATRIX), "10 *\n");
        assertThatThrownBy(() -> RecordRules.load(Settings.of(Map.of(Setting.RECORDS_REGULATOR_STRUCTURES, "12345")), config))
            .hasMessageContaining(Setting.RECORDS_REGULATOR_STRUCTURES.key());
    }
}
