package fr.caducee.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCommandTest {
    @TempDir
    Path temp;
    private final CommandOutput command = new CommandOutput();
    private final StringWriter out = command.out;
    private final StringWriter err = command.err;

    private int run(String... args) {
        return command.run(args);
    }

    @Test
    void aBackupPrintsEachPartAndWhereItIsAndSaysItIsOwnerOnly() throws Exception {
        Files.createDirectories(temp.resolve("data/pki"));
        Files.writeString(temp.resolve("data/pki/server.p12"), "keystore");

        assertThat(run("backup", temp.resolve("backup").toString(), "--data", temp.resolve("data").toString()))
            .isEqualTo(Caducee.DONE);
        assertThat(out.toString()).contains("database", "directory", "audit", "files", "owner-only",
            "caducee restore --verify");
    }

    @Test
    void aBackupIntoANonEmptyFolderFailsInOneLine() throws Exception {
        Files.createDirectories(temp.resolve("data"));
        Files.createDirectories(temp.resolve("backup"));
        Files.writeString(temp.resolve("backup/earlier"), "x");

        assertThat(run("backup", temp.resolve("backup").toString(), "--data", temp.resolve("data").toString()))
            .isEqualTo(Caducee.PROBLEMS);
        assertThat(err.toString()).startsWith("caducee backup: ").contains("not empty").doesNotContain("delete")
            .hasLineCount(1);
    }

    @Test
    void aBackupWithoutItsFolderIsABadUsage() {
        assertThat(run("backup")).isEqualTo(Caducee.USAGE);
        assertThat(err.toString()).contains("DIR");
    }
}
