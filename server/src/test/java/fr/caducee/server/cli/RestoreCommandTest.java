package fr.caducee.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RestoreCommandTest {
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
    void aFolderWithoutManifestIsRefusedInOneLine() {
        assertThat(run("restore", "--verify", temp.toString())).isEqualTo(Caducee.PROBLEMS);
        assertThat(err.toString()).startsWith("caducee restore: ").contains("did not finish").hasLineCount(1);
    }

    @Test
    void aWholeBackupVerifiesThenRestoresIntoANewFolder() throws Exception {
        Files.createDirectories(temp.resolve("data/pki"));
        Files.writeString(temp.resolve("data/pki/server.p12"), "keystore");
        Path backup = temp.resolve("backup");
        assertThat(run("backup", backup.toString(), "--data", temp.resolve("data").toString())).isZero();

        assertThat(run("restore", "--verify", backup.toString())).isEqualTo(Caducee.DONE);
        assertThat(out.toString()).contains("1 files", "whole");
        assertThat(run("restore", backup.toString(), "--data", temp.resolve("new").toString())).isEqualTo(Caducee.DONE);
        assertThat(temp.resolve("new/pki/server.p12")).hasContent("keystore");
    }
}
