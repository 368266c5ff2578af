package fr.caducee.server.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import fr.caducee.server.storage.postgres.ManagedPostgres;
import fr.caducee.server.storage.postgres.StalePostmaster;

/**
 * A consistent backup of a data folder, its server running or stopped. The order makes the parts agree:
 * <ol>
 *   <li>the database first, the source of truth for mail (mailboxes, spool and outgoing queue, conversations,
 *       records, receipts): online, a physical copy through PostgreSQL's backup API that restores to the moment
 *       the backup stopped, so it holds every message acknowledged before the backup began;</li>
 *   <li>then the embedded directory (snapshot and journal) and the audit trail (segments cut at their last whole
 *       line), taken after the database so that the trail holds at least every record the database refers to;</li>
 *   <li>then the other files: mail repositories, PKI, generated secrets;</li>
 *   <li>the manifest last: a backup without one did not finish.</li>
 * </ol>
 */
public final class DataFolderBackup {
    static final String DATABASE = "var/store/postgres";
    static final String DIRECTORY = "var/directory";
    static final String AUDIT = "var/audit";

    private final Path data;
    private final Path audit;

    /** @param audit the audit trail's folder ({@code caducee.audit.folder}, {@code var/audit} by default) */
    public DataFolderBackup(Path data, Path audit) {
        this.data = data.toAbsolutePath().normalize();
        this.audit = audit.toAbsolutePath().normalize();
    }

    /** Takes the backup into {@code target}, a new or empty folder; returns its manifest. */
    public BackupManifest takeInto(Path target) throws IOException, SQLException {
        Path into = target.toAbsolutePath().normalize();
        if (!Files.isDirectory(data)) {
            throw new RefusedException("no data folder at " + data);
        }
        if (into.startsWith(data.resolve("var")) || into.startsWith(data.resolve("pki")) || into.equals(data)) {
            throw new RefusedException(into + " lies in the data folder's own state: back up to another folder, "
                + "preferably on another disk");
        }
        String started = Instant.now().toString();
        BackupFolder backup = BackupFolder.create(into);
        List<BackupManifest.Part> parts = new ArrayList<>();

        Path pgdata = data.resolve(DATABASE);
        String database;
        OnlineDatabaseBackup.Locations locations = new OnlineDatabaseBackup.Locations("", "");
        int before = backup.files().size();
        long began = System.nanoTime();
        if (!Files.exists(pgdata.resolve("PG_VERSION"))) {
            database = "external";
            parts.add(new BackupManifest.Part("database", 0, 0, 0, "not in this backup: caducee.db.mode=external, the "
                + "database is the operator's own PostgreSQL; back it up (pg_basebackup) BEFORE this backup"));
        } else if (StalePostmaster.inspect(pgdata, StalePostmaster::procCommandLine).verdict()
                == StalePostmaster.Verdict.RUNNING) {
            database = "managed-online";
            try (Connection session = connect()) {
                locations = OnlineDatabaseBackup.copy(session, pgdata, backup, DATABASE, "caducee " + started);
            }
            parts.add(part(backup, "database", before, began, "managed PostgreSQL, online: log from " + locations.startLsn()
                + " to " + locations.stopLsn() + ", replayed at first start"));
        } else {
            database = "managed-stopped";
            DatabaseFiles.copy(pgdata, backup, DATABASE, true);
            parts.add(part(backup, "database", before, began, "managed PostgreSQL, stopped: its files as they are"));
        }

        before = backup.files().size();
        began = System.nanoTime();
        Path directory = data.resolve(DIRECTORY);
        if (Files.isDirectory(directory)) {
            DirectoryFiles.copy(directory, backup, DIRECTORY);
            parts.add(part(backup, "directory", before, began, "embedded directory: latest snapshot and journal since"));
        } else {
            parts.add(new BackupManifest.Part("directory", 0, 0, 0,
                "not in this backup: no embedded directory (caducee.directory.mode=external)"));
        }

        before = backup.files().size();
        began = System.nanoTime();
        if (Files.isDirectory(audit)) {
            AuditFiles.copy(audit, backup, AUDIT);
            parts.add(part(backup, "audit", before, began, "audit trail from " + audit + ", each segment to its last whole line"));
        } else {
            parts.add(new BackupManifest.Part("audit", 0, 0, 0, "no audit trail in " + audit));
        }

        before = backup.files().size();
        began = System.nanoTime();
        OtherFiles.copy(data, backup, Set.of(into, audit));
        parts.add(part(backup, "files", before, began, "mail repositories, PKI (private keys), generated secrets"));

        backup.sync();
        BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, CaduceeVersion.current(), started,
            Instant.now().toString(), database, locations.startLsn(), locations.stopLsn(), parts, backup.folders(),
            backup.files());
        manifest.writeTo(into);
        return manifest;
    }

    /** A backup refused before anything was written, with the reason to show the operator. */
    public static final class RefusedException extends IOException {
        public RefusedException(String message) {
            super(message);
        }
    }

    private Connection connect() throws IOException, SQLException {
        Path store = data.resolve("var/store");
        String port = Files.readString(store.resolve("postgres.port"), StandardCharsets.US_ASCII).strip();
        String password = Files.readString(store.resolve("postgres.secret"), StandardCharsets.UTF_8).strip();
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + ManagedPostgres.DATABASE
            + "?connectTimeout=5&ApplicationName=caducee-backup", ManagedPostgres.ROLE, password);
    }

    private static BackupManifest.Part part(BackupFolder backup, String name, int from, long startedNanos,
                                            String note) {
        List<BackupManifest.FileEntry> files = backup.files();
        List<BackupManifest.FileEntry> added = files.subList(from, files.size());
        return new BackupManifest.Part(name, added.size(), added.stream().mapToLong(BackupManifest.FileEntry::size)
            .sum(), (System.nanoTime() - startedNanos) / 1_000_000, note);
    }
}
