package fr.caducee.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** {@code caducee reload}. */
@Command(name = "reload", description = "Reload the server certificate, the trust anchors and the revocation lists without a restart.")
final class ReloadCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("caducee reload: not available in this build");
        return Caducee.USAGE;
    }
}
