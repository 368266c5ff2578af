package fr.caducee.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.server.settings.Settings;

class ShowCommandTest {
    @TempDir
    Path work;

    private Settings settings(String file, Map<String, String> environment) throws Exception {
        Files.writeString(work.resolve("caducee.properties"), file);
        Properties commandLine = new Properties();
        commandLine.setProperty("caducee.config", work.toString());
        commandLine.setProperty("caducee.mx.bind", "0.0.0.0:25");
        return Settings.check(commandLine, environment, problem -> {
            throw problem;
        });
    }

    @Test
    void theSettingsGivenShouldBeShownWithWhereEachCameFrom() throws Exception {
        List<String> lines = ShowCommand.lines(settings("caducee.demo=false\n", Map.of()), false);

        assertThat(lines).containsExactly(
            "caducee.config = " + work + "  # the command line",
            "caducee.demo = false  # " + work.resolve("caducee.properties"),
            "caducee.mx.bind = 0.0.0.0:25  # the command line");
    }

    @Test
    void aSecretShouldNeverBePrintedOnlyWhereItComesFrom() throws Exception {
        Path secretFile = Files.writeString(work.resolve("tls.secret"), "s3cret-from-file");
        Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
        Settings settings = settings("caducee.tls.secretFile=" + secretFile + "\n",
            Map.of("CADUCEE_DB_PASSWORD", "s3cret-from-environment"));

        List<String> all = ShowCommand.lines(settings, true);

        assertThat(String.join("\n", all)).doesNotContain("s3cret");
        assertThat(all).contains("caducee.tls.secret = (secret, from file " + secretFile + ")",
            "caducee.db.password = (secret, from environment CADUCEE_DB_PASSWORD)",
            "caducee.directory.password = (secret, not set)");
        assertThat(ShowCommand.lines(settings, false)).doesNotContain("caducee.directory.password = (secret, not set)");
    }

    @Test
    void everySettingShouldBeShownWithItsDefaultWhenAllAreAskedFor() throws Exception {
        List<String> all = ShowCommand.lines(settings("", Map.of()), true);

        assertThat(all).contains("caducee.smtp.maxRecipients = 100  # default",
            "caducee.tls.truststore = (set by the server at start)");
    }

    @Test
    void perIdSettingsShouldBeShownByTheirKey() throws Exception {
        List<String> lines = ShowCommand.lines(settings("caducee.gateway.hospital.chu.box=si@chu.test\n", Map.of()),
            false);

        assertThat(lines).contains("caducee.gateway.hospital.chu.box = si@chu.test  # " + work.resolve("caducee.properties"));
    }
}
