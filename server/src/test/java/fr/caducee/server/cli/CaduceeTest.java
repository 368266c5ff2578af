package fr.caducee.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CaduceeTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Caducee.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void helpListsEveryOperatorCommand() {
        assertThat(run("--help")).isEqualTo(Caducee.DONE);
        assertThat(out.toString()).contains("run", "check", "show", "queue", "repository", "backup", "restore",
            "reload", "directory");
    }

    @Test
    void anUnknownCommandIsABadUsageNamingIt() {
        assertThat(run("frobnicate")).isEqualTo(Caducee.USAGE);
        assertThat(err.toString()).contains("frobnicate");
    }

    @Test
    void theDirectorysCommandsArePassedOnToItsCommandLine() {
        assertThat(run("directory", "help")).isEqualTo(Caducee.DONE);
    }

    @Test
    void anUnknownOptionIsABadUsage() {
        assertThat(run("check", "--no-such-option")).isEqualTo(Caducee.USAGE);
        assertThat(err.toString()).contains("--no-such-option");
    }
}
