package fr.caducee.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class CaduceeTest {
    private final CommandOutput command = new CommandOutput();
    private final StringWriter out = command.out;
    private final StringWriter err = command.err;

    private int run(String... args) {
        return command.run(args);
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
