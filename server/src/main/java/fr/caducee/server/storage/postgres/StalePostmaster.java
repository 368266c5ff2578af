package fr.caducee.server.storage.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * What a {@code postmaster.pid} left in the database folder means at start. PostgreSQL writes it when it starts and
 * removes it when it stops; after a {@code kill -9} of the server's JVM the PostgreSQL it started goes on running
 * (nothing stops a child whose parent died), and the file names it.
 *
 * <p>Three cases: no file, or a process id no longer alive (PostgreSQL itself clears that file); a live process that
 * is not a PostgreSQL of this folder (the id was reused: PostgreSQL would refuse to start, taking it for another
 * server, so the file is removed); a live PostgreSQL of this folder, left by an earlier run, which is stopped before
 * ours starts.
 */
public record StalePostmaster(Verdict verdict, long pid) {

    public enum Verdict {
        /** No lock file, or its process is gone: nothing to do. */
        NONE,
        /** A live process that is not a PostgreSQL of this folder holds the id: the lock file is stale. */
        ID_REUSED,
        /** A PostgreSQL of this folder is still running, left by an earlier run: it must be stopped. */
        RUNNING
    }

    /**
     * @param dataFolder  the database folder ({@code PGDATA})
     * @param commandLine a live process's command line by its id (its arguments), empty when no such process
     */
    public static StalePostmaster inspect(Path dataFolder, LongFunction<Optional<List<String>>> commandLine)
            throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataFolder.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new StalePostmaster(Verdict.NONE, 0);
        }
        long pid;
        try {
            pid = Long.parseLong(lines.isEmpty() ? "" : lines.get(0).strip());
        } catch (NumberFormatException e) {
            // A file cut short by a crash while it was written: no process can be told from it.
            return new StalePostmaster(Verdict.ID_REUSED, 0);
        }
        Optional<List<String>> running = commandLine.apply(pid);
        if (running.isEmpty()) {
            return new StalePostmaster(Verdict.NONE, pid);
        }
        return new StalePostmaster(isPostgresOf(dataFolder, running.get()) ? Verdict.RUNNING : Verdict.ID_REUSED, pid);
    }

    /** The process runs a {@code postgres} binary with {@code -D} naming this folder. */
    static boolean isPostgresOf(Path dataFolder, List<String> arguments) {
        if (arguments.isEmpty() || !Path.of(arguments.get(0)).getFileName().toString().equals("postgres")) {
            return false;
        }
        int option = arguments.indexOf("-D");
        return option >= 0 && option + 1 < arguments.size()
            && Path.of(arguments.get(option + 1)).toAbsolutePath().normalize()
                .equals(dataFolder.toAbsolutePath().normalize());
    }

    /** A process's command line from {@code /proc}; empty when the process is gone. */
    public static Optional<List<String>> procCommandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            if (raw.length == 0) {
                return Optional.empty(); // a zombie
            }
            return Optional.of(List.of(new String(raw, StandardCharsets.UTF_8).split("\0")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
