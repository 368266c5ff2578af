package fr.caducee.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** {@code caducee queue}. */
@Command(name = "queue", description = "List, show, flush, hold, release or delete the spool's and the remote-delivery queue's mail.")
final class QueueCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("caducee queue: not available in this build");
        return Caducee.USAGE;
    }
}
