package fr.caducee.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** {@code caducee show}. */
@Command(name = "show", description = "Print the effective configuration, secrets left out.")
final class ShowCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("caducee show: not available in this build");
        return Caducee.USAGE;
    }
}
