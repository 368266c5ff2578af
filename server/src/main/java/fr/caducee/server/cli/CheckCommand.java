package fr.caducee.server.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import fr.caducee.server.check.ConfigurationCheck;
import fr.caducee.server.check.Findings;

/**
 * {@code caducee check}: everything the server checks of its configuration at start, plus whether the external
 * database, directory, whitelist and CRL URLs answer; one line per problem and warning, then a summary. Exit 0 when no
 * problem was found (warnings allowed), 1 otherwise. Like {@code postfix check}.
 */
@Command(name = "check", description = "Check the configuration as the server would read it; list every problem.")
final class CheckCommand implements Callable<Integer> {
    @Mixin
    ConfigurationOptions configuration;

    @Option(names = "--offline", description = "Skip the network checks (external database and directory, URLs).")
    boolean offline;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ConfigurationOptions.quietLogs();
        Findings findings = ConfigurationCheck.run(configuration.commandLine(System.getProperties(), System.getenv()),
            System.getenv(), !offline, Instant.now());
        PrintWriter out = spec.commandLine().getOut();
        findings.lines().forEach(out::println);
        out.println(findings.summary());
        out.flush();
        return findings.hasProblems() ? Caducee.PROBLEMS : Caducee.DONE;
    }
}
