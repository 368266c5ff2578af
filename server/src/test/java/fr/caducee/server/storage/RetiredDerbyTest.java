package fr.caducee.server.storage;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetiredDerbyTest {
    @TempDir
    Path folder;

    @Test
    void aJamesDatabasePropertiesKeptFromAnEarlierVersionShouldStopTheStartNamingTheMigration() throws Exception {
        Files.writeString(folder.resolve("james-database.properties"),
            "database.url=${sys:caducee.db.url:-jdbc:derby:var/store/derby;create=true}\n");

        assertThatThrownBy(() -> RetiredDerby.checkConfiguration(folder))
            .hasMessageContaining("james-database.properties: database.url names Derby")
            .hasMessageContaining("scripts/migrate-derby --from <data folder>")
            .hasMessageContaining("take this file from the new version's james-config");
    }

    @Test
    void theShippedJamesDatabasePropertiesShouldPass() {
        assertThatCode(() -> RetiredDerby.checkConfiguration(Path.of("../james-config"))).doesNotThrowAnyException();
    }

    @Test
    void aDataFolderWhoseDerbyDatabaseWasMigratedShouldStart() throws Exception {
        Files.createDirectories(folder.resolve("var/store/derby"));
        assertThatThrownBy(() -> RetiredDerby.checkDataFolder(folder)).hasMessageContaining("scripts/migrate-derby --from");

        RetiredDerby.recordMigrated(folder, "Derby database migrated\n");

        assertThatCode(() -> RetiredDerby.checkDataFolder(folder)).doesNotThrowAnyException();
    }

    @Test
    void aDataFolderWithoutDerbyShouldStart() {
        assertThatCode(() -> RetiredDerby.checkDataFolder(folder)).doesNotThrowAnyException();
    }
}
