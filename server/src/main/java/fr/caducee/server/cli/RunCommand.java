package fr.caducee.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

import fr.caducee.server.CaduceeServer;

/** {@code caducee run}: the server in the foreground, as systemd starts it; SIGTERM stops it cleanly. */
@Command(name = "run", description = "Start the server in the foreground.")
final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        CaduceeServer.main(new String[0]);
        // The server's threads keep the JVM running; its shutdown hook stops it.
        Thread.currentThread().join();
        return Caducee.DONE;
    }
}
