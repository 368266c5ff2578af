package fr.caducee.server.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import fr.caducee.server.backup.BackupManifest;
import fr.caducee.server.backup.DataFolderBackup;

/**
 * {@code caducee backup DIR}: a consistent backup of the data folder, its server running or stopped, taken from
 * this machine with the data folder's own files and the managed PostgreSQL's credentials kept there (see
 * docs/OPERATIONS.md, "Backups and restore", for why from here and not through the WebAdmin).
 */
@Command(name = "backup", description = {"Back up a running (or stopped) server's data consistently into DIR, a new or "
    + "empty folder: database, directory, audit trail, mail repositories, PKI.",
    "The backup holds private keys and the database's password: it is written owner-only; keep it as safe as the "
        + "server."})
final class BackupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The folder to write the backup to (new or empty).")
    Path target;

    @Option(names = "--data", paramLabel = "DIR",
        description = "The server's data folder (default $CADUCEE_DATA, else ./data).")
    Path data;

    @Option(names = "--audit-folder", paramLabel = "DIR",
        description = "The audit trail's folder when caducee.audit.folder moved it (default DATA/var/audit).")
    Path audit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path folder = data != null ? data : Path.of(System.getenv().getOrDefault("CADUCEE_DATA", "data"));
        long begin = System.nanoTime();
        try {
            BackupManifest manifest = new DataFolderBackup(folder, audit != null ? audit : folder.resolve("var/audit"))
                .takeInto(target);
            for (BackupManifest.Part part : manifest.parts()) {
                out.printf("%-9s %6d files %10s %7s  %s%n", part.name(), part.files(), Sizes.of(part.bytes()),
                    Sizes.of(Duration.ofMillis(part.millis())), part.note());
            }
            out.printf("Backup of %s written to %s in %s: %d files, %s (owner-only: it holds private keys and the "
                    + "database's password). Check it with: caducee restore --verify %s%n", folder.toAbsolutePath(),
                target.toAbsolutePath(), Sizes.of(Duration.ofNanos(System.nanoTime() - begin)),
                manifest.files().size(), Sizes.of(manifest.totalBytes()), target);
            out.flush();
            return Caducee.DONE;
        } catch (Exception e) {
            err.println("caducee backup: " + Sizes.reason(e) + (e instanceof DataFolderBackup.RefusedException ? ""
                : " (the folder " + target + " holds an unfinished backup, without manifest: delete it)"));
            err.flush();
            return Caducee.PROBLEMS;
        }
    }
}
