package fr.caducee.server.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import fr.caducee.server.storage.postgres.ManagedPostgres;
import fr.caducee.server.storage.postgres.PostgresAccount;
import fr.caducee.server.storage.postgres.WriteAheadLogLimit;

/**
 * Checks a backup against its manifest, and makes a data folder of it that a server starts from, on this machine
 * or a new one. A managed database is started once at the end of a restore: PostgreSQL replays the backup's log to
 * the backup's stop location and opens, which proves the copy now rather than at the server's first start.
 */
public final class DataFolderRestore {
    private static final int BUFFER = 1 << 20;

    private final Path backup;

    public DataFolderRestore(Path backup) {
        this.backup = backup.toAbsolutePath().normalize();
    }

    public BackupManifest manifest() throws IOException {
        return BackupManifest.readFrom(backup);
    }

    /** Every file of the manifest is there with its size and SHA-256; returns the problems, none if whole. */
    public List<String> verify() throws IOException {
        BackupManifest manifest = manifest();
        List<String> problems = new ArrayList<>();
        for (BackupManifest.FileEntry file : manifest.files()) {
            Path path = backup.resolve(file.path());
            if (!Files.isRegularFile(path)) {
                problems.add(file.path() + ": missing");
                continue;
            }
            MessageDigest sha256 = BackupFolder.sha256();
            long size = 0;
            try (InputStream in = Files.newInputStream(path)) {
                byte[] buffer = new byte[BUFFER];
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    sha256.update(buffer, 0, read);
                    size += read;
                }
            }
            String problem = compare(file, size, HexFormat.of().formatHex(sha256.digest()));
            if (problem != null) {
                problems.add(problem);
            }
        }
        return problems;
    }

    static String compare(BackupManifest.FileEntry expected, long size, String sha256) {
        if (size != expected.size()) {
            return expected.path() + ": " + size + " bytes, the manifest says " + expected.size();
        }
        if (!sha256.equals(expected.sha256())) {
            return expected.path() + ": its SHA-256 differs from the manifest's (damaged)";
        }
        return null;
    }

    /**
     * Restores into {@code data}: refused for a backup of another major version, and over a non-empty folder unless
     * {@code force} (its contents are then deleted first: a restore never mixes two data folders).
     */
    public Restored restoreInto(Path data, boolean force) throws IOException {
        BackupManifest manifest = manifest();
        String running = CaduceeVersion.current();
        if (!CaduceeVersion.sameMajor(manifest.version(), running)) {
            throw new RefusedException("this backup was taken by Caducée " + manifest.version() + " and this is "
                + running + ": restore it with a Caducée " + CaduceeVersion.major(manifest.version())
                + ".x, then upgrade");
        }
        Path target = data.toAbsolutePath().normalize();
        if (target.startsWith(backup) || backup.startsWith(target)) {
            throw new RefusedException("the data folder and the backup must be apart: " + target + ", " + backup);
        }
        if (Files.isDirectory(target) && !isEmpty(target)) {
            if (!force) {
                throw new RefusedException(target + " is not empty: restore into a new folder, or give --force to "
                    + "delete its contents first");
            }
            deleteContents(target);
        }
        long began = System.nanoTime();
        Files.createDirectories(target);
        for (String folder : manifest.folders()) {
            Files.createDirectories(target.resolve(folder));
            Files.setPosixFilePermissions(target.resolve(folder), BackupFolder.OWNER_ONLY_FOLDER);
        }
        for (BackupManifest.FileEntry file : manifest.files()) {
            copyChecked(file, target);
        }
        if (!BackupFolder.syncFileSystem(target)) {
            for (BackupManifest.FileEntry file : manifest.files()) {
                try (FileChannel channel = FileChannel.open(target.resolve(file.path()), StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
            for (String folder : manifest.folders()) {
                BackupFolder.syncFolder(target.resolve(folder));
            }
            BackupFolder.syncFolder(target);
        }
        long copied = System.nanoTime();
        Path pgdata = target.resolve(DataFolderBackup.DATABASE);
        if (Files.exists(pgdata.resolve("PG_VERSION"))) {
            Files.setPosixFilePermissions(pgdata, PosixFilePermissions.fromString("rwx------"));
            giveToPostgres(target, pgdata);
            replay(target);
        }
        return new Restored(manifest, (copied - began) / 1_000_000, (System.nanoTime() - copied) / 1_000_000);
    }

    /** What was restored; how long the copy (checked and synced) and the database's first start took. */
    public record Restored(BackupManifest manifest, long copyMillis, long databaseMillis) {
    }

    private void copyChecked(BackupManifest.FileEntry file, Path target) throws IOException {
        Path from = backup.resolve(file.path());
        Path to = target.resolve(file.path()).normalize();
        if (!to.startsWith(target)) {
            throw new RefusedException(file.path() + " in the manifest lies outside the data folder");
        }
        if (!Files.isRegularFile(from)) {
            throw new NoSuchFileException(from.toString(), null, "in the manifest, missing from the backup");
        }
        Files.createDirectories(to.getParent());
        MessageDigest sha256 = BackupFolder.sha256();
        long size = 0;
        try (InputStream in = Files.newInputStream(from);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Files.setPosixFilePermissions(to, BackupFolder.OWNER_ONLY_FILE);
            byte[] buffer = new byte[BUFFER];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                sha256.update(buffer, 0, read);
                size += read;
            }
        }
        String problem = compare(file, size, HexFormat.of().formatHex(sha256.digest()));
        if (problem != null) {
            throw new RefusedException("the backup is damaged, the restore stopped: " + problem
                + " (caducee restore --verify lists every damaged file)");
        }
    }

    /**
     * Run as root, the managed PostgreSQL runs as its own system user, which must own its folder and pass through
     * the folders above it (as on the machine the backup was taken on).
     */
    private static void giveToPostgres(Path data, Path pgdata) throws IOException {
        PostgresAccount account = PostgresAccount.forThisProcess();
        if (!account.switched()) {
            return;
        }
        for (Path above = pgdata.getParent(); above.startsWith(data); above = above.getParent()) {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions =
                new java.util.HashSet<>(Files.getPosixFilePermissions(above));
            permissions.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(above, permissions);
        }
        Process chown = new ProcessBuilder("chown", "-R", account.name() + ":", pgdata.toString())
            .redirectErrorStream(true).start();
        String output = new String(chown.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (chown.waitFor() != 0) {
                throw new IOException("cannot give " + pgdata + " to " + account.name() + ": " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while giving " + pgdata + " to " + account.name(), e);
        }
    }

    /** Starts the managed PostgreSQL once: it replays the backup's log to a consistent state, then stops. */
    private static void replay(Path data) throws IOException {
        try (ManagedPostgres postgres = ManagedPostgres.start(data, WriteAheadLogLimit.forReserve(0))) {
            // started means replayed and open
        }
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.findAny().isEmpty();
        }
    }

    private static void deleteContents(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(folder)) {
                    Files.delete(path);
                }
            }
        }
    }

    /** A restore this class will not do, with the reason to show the operator. */
    public static final class RefusedException extends IOException {
        public RefusedException(String message) {
            super(message);
        }
    }
}
