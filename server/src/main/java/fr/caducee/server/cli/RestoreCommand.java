package fr.caducee.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** {@code caducee restore}. */
@Command(name = "restore", description = "Restore a backup into a data folder (a new machine).")
final class RestoreCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("caducee restore: not available in this build");
        return Caducee.USAGE;
    }
}
