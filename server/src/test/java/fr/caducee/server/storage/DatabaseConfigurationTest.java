package fr.caducee.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.junit.jupiter.api.Test;

import fr.caducee.server.storage.DatabaseModule.DatabaseConfiguration;

class DatabaseConfigurationTest {
    @Test
    void aDerbyUrlIsRefusedWithTheMigrationCommand() {
        assertThatThrownBy(() -> DatabaseConfiguration.from(properties("jdbc:derby:var/store/derby;create=true"), ""))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("embedded Derby is no longer supported")
            .hasMessageContaining("scripts/migrate-derby --from");
    }

    @Test
    void aDatabaseWithoutUserNeedsNoCredentials() throws Exception {
        DatabaseConfiguration database = DatabaseConfiguration.from(properties("jdbc:postgresql://db/caducee"), "");

        assertThat(database.openJpaProperties(null)).doesNotContainKey("openjpa.ConnectionUserName");
    }

    @Test
    void postgresqlIsSelectedByItsUrlAlone() throws Exception {
        BaseConfiguration properties = properties("jdbc:postgresql://db.example.org:5432/caducee");
        properties.addProperty("database.username", "caducee");
        properties.addProperty("database.password", "secret");

        DatabaseConfiguration database = DatabaseConfiguration.from(properties, "");

        assertThat(database.driver()).isEqualTo("org.postgresql.Driver");
        assertThat(database.url()).isEqualTo("jdbc:postgresql://db.example.org:5432/caducee");
        assertThat(database.user()).isEqualTo("caducee");
        assertThat(database.password()).isEqualTo("secret");
        assertThat(database.openJpaProperties(null)).containsEntry("openjpa.jdbc.DBDictionary", "postgres");
        assertThat(database.toString()).doesNotContain("secret");
    }

    @Test
    void missingUrlIsRefusedAtStartWithTheKeyToSet() {
        assertThatThrownBy(() -> DatabaseConfiguration.from(new BaseConfiguration(), ""))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("database.url");
    }

    @Test
    void unknownDatabaseWithoutDriverIsRefused() {
        assertThatThrownBy(() -> DatabaseConfiguration.from(properties("jdbc:oracle:thin:@db:1521/x"), ""))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("database.driverClassName");
    }

    @Test
    void poolSizeBelowOneIsRefused() {
        BaseConfiguration properties = properties("jdbc:postgresql://db/caducee");
        properties.addProperty("database.maxConnections", "0");

        assertThatThrownBy(() -> DatabaseConfiguration.from(properties, ""))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("maxConnections");
    }

    private static BaseConfiguration properties(String url) {
        BaseConfiguration properties = new BaseConfiguration();
        properties.addProperty("database.url", url);
        return properties;
    }
}
