package fr.caducee.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreCommandTest {
    @TempDir
    Path temp;
    private final CommandOutput command = new CommandOutput();
    private final StringWriter out = command.out;
    private final StringWriter err = command.err;

    private int run(String... args) {
        return command.run(args);
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
