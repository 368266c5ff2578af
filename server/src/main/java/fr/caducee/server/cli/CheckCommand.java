package fr.caducee.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** {@code caducee check}. */
@Command(name = "check", description = "Check the configuration as the server would read it; list every problem.")
final class CheckCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("caducee check: not available in this build");
        return Caducee.USAGE;
    }
}
