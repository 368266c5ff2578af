package fr.caducee.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/** The operator's command run in the test's JVM as {@link Caducee#main} runs it, what it writes kept. */
final class CommandOutput {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** Runs {@code caducee args...}; its exit status. */
    int run(String... args) {
        CommandLine commandLine = Caducee.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
