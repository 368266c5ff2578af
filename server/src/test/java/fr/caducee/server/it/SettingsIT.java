package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.testkit.CaduceeProcess;

/**
 * The packaged server refuses, before it opens anything, settings it must not take: secrets where ps shows them, typos;
 * one {@code problem:} line each (ConfigurationCheckIT: several at once).
 */
class SettingsIT {
    @TempDir
    Path work;

    @Test
    void aDatabasePasswordOnTheCommandLineStopsTheStartSayingWhereItGoes() {
        assertThatThrownBy(() -> CaduceeProcess.start(work.resolve("server"),
                Map.of("caducee.db.password", "hunter2"), SettingsIT.class.getSimpleName()))
            .hasMessageContaining("server exited")
            .hasMessageContaining("problem: the command line: caducee.db.password: a secret there can be read by any user")
            .hasMessageContaining("caducee.db.passwordFile, or in the environment variable CADUCEE_DB_PASSWORD");
    }

    @Test
    void aMisspeltSettingStopsTheStartWithTheSettingItMeant() {
        assertThatThrownBy(() -> CaduceeProcess.start(work.resolve("server"),
                Map.of("caducee.storage.reserveMegabyte", "64"), SettingsIT.class.getSimpleName()))
            .hasMessageContaining("caducee.storage.reserveMegabyte: is not a setting of Caducée; "
                + "did you mean caducee.storage.reserveMegabytes?");
    }

    @Test
    void aPasswordFileOthersCanReadStopsTheStart() throws Exception {
        Path secret = Files.writeString(work.resolve("db.secret"), "hunter2\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> CaduceeProcess.start(work.resolve("server"),
                Map.of("caducee.db.passwordFile", secret.toString()), SettingsIT.class.getSimpleName()))
            .hasMessageContaining("caducee.db.passwordFile: names " + secret + ", which others can read or change (rw-r--r--)");
    }

    @Test
    void anUnknownDatabaseModeStopsTheStartNamingTheModes() {
        assertThatThrownBy(() -> CaduceeProcess.start(work.resolve("server"),
                Map.of("caducee.db.mode", "postgres"), SettingsIT.class.getSimpleName()))
            .hasMessageContaining("server exited")
            .hasMessageContaining("caducee.db.mode: must be managed (a PostgreSQL server run by Caducée in "
                + "<data>/var/store/postgres, the default) or external (your PostgreSQL at caducee.db.url), "
                + "was 'postgres'");
    }

    @Test
    void aDerbyUrlKeptFromAnEarlierVersionStopsTheStartNamingTheMigration() {
        assertThatThrownBy(() -> CaduceeProcess.start(work.resolve("server"), Map.of("caducee.db.mode", "external",
                "caducee.db.url", "jdbc:derby:var/store/derby;create=true"), SettingsIT.class.getSimpleName()))
            .hasMessageContaining("server exited")
            .hasMessageContaining("caducee.db.url")
            .hasMessageContaining("embedded Derby is no longer supported")
            .hasMessageContaining("scripts/migrate-derby --from <data folder>");
    }
}
