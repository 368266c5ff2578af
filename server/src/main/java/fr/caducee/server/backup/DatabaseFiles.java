package fr.caducee.server.backup;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * Copies a PostgreSQL data folder ({@code PGDATA}) into a backup, leaving out what PostgreSQL's own base backup
 * leaves out: the running server's files ({@code postmaster.pid}, {@code postmaster.opts}), an earlier backup's
 * label, temporary files, and the contents (not the folders) of the folders it rebuilds or that an online copy
 * takes separately ({@code pg_wal}). Files that vanish during the copy (a table dropped) are skipped: the log
 * replayed at restore recreates what it needs.
 */
final class DatabaseFiles {
    /** Folders kept empty: rebuilt at start, or (pg_wal) copied separately when the server runs. */
    static final Set<String> EMPTIED = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial",
        "pg_snapshots", "pg_stat_tmp", "pg_subtrans");
    static final Set<String> LEFT_OUT = Set.of("postmaster.pid", "postmaster.opts", "backup_label", "tablespace_map",
        "backup_label.old", "tablespace_map.old", "pg_internal.init");

    private DatabaseFiles() {
    }

    /** Whether the copy leaves out this file, given its path relative to PGDATA. */
    static boolean leftOut(Path relative) {
        String name = relative.getFileName().toString();
        if (LEFT_OUT.contains(name) || name.startsWith("pgsql_tmp")) {
            return true;
        }
        return relative.getNameCount() > 1 && EMPTIED.contains(relative.getName(0).toString());
    }

    /**
     * Copies {@code pgdata} under {@code prefix} of the backup; with {@code withLog}, {@code pg_wal} too (a stopped
     * cluster, whose log is complete and still).
     */
    static void copy(Path pgdata, BackupFolder backup, String prefix, boolean withLog) throws IOException {
        Files.walkFileTree(pgdata, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Path relative = pgdata.relativize(dir);
                backup.folder(join(prefix, relative));
                if (relative.getNameCount() == 1 && EMPTIED.contains(relative.toString())
                        && !(withLog && relative.toString().equals("pg_wal"))) {
                    if (relative.toString().equals("pg_wal")) {
                        backup.folder(join(prefix, relative.resolve("archive_status")));
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (relative.getFileName() != null && relative.getFileName().toString().startsWith("pgsql_tmp")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Path relative = pgdata.relativize(file);
                boolean keptLog = withLog && relative.getName(0).toString().equals("pg_wal");
                if (!attributes.isRegularFile() || (leftOut(relative) && !keptLog)
                        || relative.getFileName().toString().equals("postmaster.pid")
                        || relative.getFileName().toString().equals("postmaster.opts")) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    backup.copy(file, join(prefix, relative));
                } catch (NoSuchFileException vanished) {
                    // dropped while we copied
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }

    static String join(String prefix, Path relative) {
        String tail = relative.toString();
        return tail.isEmpty() ? prefix : prefix + "/" + tail;
    }
}
