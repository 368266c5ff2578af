package fr.caducee.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operator's command, {@code bin/caducee}: runs the server, checks and shows its configuration, works its queues
 * and repositories, backs it up and restores it, reloads its certificates, administers its directory. Commands that
 * act on a running server go through its WebAdmin ({@link WebAdminClient}), signed with the data folder's operator
 * key. Exit status: 0 done, 1 problems found or refused, 2 bad usage, 3 server unreachable.
 */
@Command(name = "caducee", mixinStandardHelpOptions = true, versionProvider = Caducee.Version.class,
    description = "Caducée, the health-messaging mail server.",
    subcommands = {RunCommand.class, CheckCommand.class, ShowCommand.class, QueueCommand.class,
        RepositoryCommand.class, BackupCommand.class, RestoreCommand.class, ReloadCommand.class,
        DirectoryCommand.class, CommandLine.HelpCommand.class})
public final class Caducee {
    public static final int DONE = 0;
    public static final int PROBLEMS = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@link #main} runs it, for tests that run a command in the same JVM. */
    public static CommandLine commandLine() {
        // picocli answers a bad usage with 2 (USAGE) by itself.
        return new CommandLine(new Caducee());
    }

    /** The version the build wrote in the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Caducee.class.getPackage().getImplementationVersion();
            return new String[] {"Caducée " + (version == null ? "(development build)" : version)};
        }
    }
}
