package fr.caducee.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** {@code caducee repository}. */
@Command(name = "repository", description = "List, show, reprocess or delete the mail repositories' mail (the error repository).")
final class RepositoryCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("caducee repository: not available in this build");
        return Caducee.USAGE;
    }
}
