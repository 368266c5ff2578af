package fr.caducee.server.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import fr.caducee.server.backup.BackupManifest;
import fr.caducee.server.backup.DataFolderRestore;

/** {@code caducee restore DIR --data NEWDATA} and {@code caducee restore --verify DIR}. */
@Command(name = "restore", description = {"Restore a backup into a data folder a server starts from (on this machine "
    + "or a new one), or check a backup against its manifest (--verify).",
    "The managed database is started once at the end: it replays the backup's log, which proves the copy."})
final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The backup folder (the one holding manifest.json).")
    Path backup;

    @Option(names = "--data", paramLabel = "NEWDATA",
        description = "The data folder to restore into: new or empty (default $CADUCEE_DATA, else ./data).")
    Path data;

    @Option(names = "--verify", description = "Only check every file of the backup against its manifest (size, SHA-256).")
    boolean verify;

    @Option(names = "--force", description = "Restore over a non-empty data folder, deleting its contents first.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DataFolderRestore restore = new DataFolderRestore(backup);
        long begin = System.nanoTime();
        try {
            if (verify) {
                BackupManifest manifest = restore.manifest();
                List<String> problems = restore.verify();
                problems.forEach(problem -> err.println("damaged: " + problem));
                err.flush();
                out.printf("%s: a backup by Caducée %s, taken %s (database %s), %d files, %s: %s%n", backup,
                    manifest.version(), manifest.started(), manifest.database(), manifest.files().size(),
                    Sizes.of(manifest.totalBytes()), problems.isEmpty() ? "whole" : problems.size() + " damaged");
                out.flush();
                return problems.isEmpty() ? Caducee.DONE : Caducee.PROBLEMS;
            }
            Path folder = data != null ? data : Path.of(System.getenv().getOrDefault("CADUCEE_DATA", "data"));
            DataFolderRestore.Restored restored = restore.restoreInto(folder, force);
            BackupManifest manifest = restored.manifest();
            out.printf("Restored the backup taken %s (%d files, %s) into %s in %s (files copied and checked %s, "
                    + "database replayed %s); start the server on it%s.%n",
                manifest.started(), manifest.files().size(), Sizes.of(manifest.totalBytes()), folder.toAbsolutePath(),
                Sizes.of(Duration.ofNanos(System.nanoTime() - begin)), Sizes.of(Duration.ofMillis(restored.copyMillis())),
                Sizes.of(Duration.ofMillis(restored.databaseMillis())),
                manifest.database().equals("external")
                    ? " after restoring your own PostgreSQL from the backup taken with this one" : "");
            out.flush();
            return Caducee.DONE;
        } catch (Exception e) {
            err.println("caducee restore: " + Sizes.reason(e));
            err.flush();
            return Caducee.PROBLEMS;
        }
    }
}
