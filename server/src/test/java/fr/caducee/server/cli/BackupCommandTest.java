package fr.caducee.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BackupCommandTest {
    @TempDir
    Path temp;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Caducee.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
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
