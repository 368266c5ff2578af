package fr.caducee.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code caducee directory ...}: the directory's command line ({@link DirectoryCli}), unchanged. */
@Command(name = "directory", description = "Administer the directory (caducee directory help).")
final class DirectoryCommand implements Callable<Integer> {
    /** Filled by picocli with every argument after "directory": a list it can add to. */
    @Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() {
        return DirectoryCli.fromEnvironment(arguments);
    }
}
