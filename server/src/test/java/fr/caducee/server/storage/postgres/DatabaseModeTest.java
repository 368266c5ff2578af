package fr.caducee.server.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

class DatabaseModeTest {

    @Test
    void theDefaultShouldBeTheManagedPostgresql() {
        assertThat(DatabaseMode.from(Settings.of(Map.of()))).isEqualTo(DatabaseMode.MANAGED);
    }

    @Test
    void managedShouldBeReadInAnyCase() {
        assertThat(DatabaseMode.from(Settings.of(Map.of(Setting.DB_MODE, "Managed")))).isEqualTo(DatabaseMode.MANAGED);
    }

    @Test
    void anUnknownModeShouldStopTheStartNamingTheChoices() {
        assertThatThrownBy(() -> DatabaseMode.from(Settings.of(Map.of(Setting.DB_MODE, "embedded"))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("caducee.db.mode must be url (")
            .hasMessageContaining("or managed (")
            .hasMessageContaining("was 'embedded'");
    }

    @Test
    void aUrlGivenWithTheManagedModeShouldBeRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> DatabaseMode.from(Settings.of(Map.of(Setting.DB_MODE, "managed",
                Setting.DB_URL, "jdbc:postgresql://db.example.org/caducee"))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("caducee.db.url cannot be set with caducee.db.mode=managed");
    }

    @Test
    void aDatabasePasswordGivenWithTheManagedModeShouldBeRefused() {
        assertThatThrownBy(() -> DatabaseMode.from(Settings.of(Map.of(Setting.DB_MODE, "managed",
                Setting.DB_PASSWORD, "from-the-environment"))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("CADUCEE_DB_PASSWORD");
    }

    @Test
    void theManagedDatabaseShouldReplaceUrlUserAndPassword() {
        Settings managed = Settings.of(Map.of(Setting.DB_MODE, "managed"))
            .withManagedDatabase("jdbc:postgresql://127.0.0.1:5999/caducee", "caducee", "generated");

        assertThat(managed.text(Setting.DB_URL)).isEqualTo("jdbc:postgresql://127.0.0.1:5999/caducee");
        assertThat(managed.text(Setting.DB_USER)).isEqualTo("caducee");
        assertThat(managed.secret(Setting.DB_PASSWORD)).contains("generated");
    }
}
