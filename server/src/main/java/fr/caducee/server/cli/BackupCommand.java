package fr.caducee.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** {@code caducee backup}. */
@Command(name = "backup", description = "Back up a running server's data consistently.")
final class BackupCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("caducee backup: not available in this build");
        return Caducee.USAGE;
    }
}
