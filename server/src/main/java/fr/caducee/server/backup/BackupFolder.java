package fr.caducee.server.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The folder a backup is written to, owner-only all the way down ({@code rwx------} folders, {@code rw-------}
 * files): it holds private keys, the database's password and every message. Each file copied is measured and
 * hashed as it is written, for the manifest.
 */
final class BackupFolder {
    static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final int BUFFER = 1 << 20;

    private final Path root;
    private final List<BackupManifest.FileEntry> files = new ArrayList<>();
    private final Set<String> folders = new LinkedHashSet<>();

    private BackupFolder(Path root) {
        this.root = root;
    }

    /** A new or empty folder, made owner-only; anything else is refused rather than mixed with. */
    static BackupFolder create(Path root) throws IOException {
        if (Files.exists(root)) {
            if (!Files.isDirectory(root)) {
                throw new DataFolderBackup.RefusedException(root + " exists and is not a folder");
            }
            try (Stream<Path> children = Files.list(root)) {
                if (children.findAny().isPresent()) {
                    throw new DataFolderBackup.RefusedException(root
                        + " is not empty: give a new folder for each backup");
                }
            }
        } else {
            Files.createDirectories(root.toAbsolutePath().getParent());
            Files.createDirectory(root, ownerOnlyFolder());
        }
        Files.setPosixFilePermissions(root, OWNER_ONLY_FOLDER);
        return new BackupFolder(root);
    }

    Path root() {
        return root;
    }

    List<BackupManifest.FileEntry> files() {
        return List.copyOf(files);
    }

    List<String> folders() {
        return List.copyOf(folders);
    }

    /** Records a folder to create at restore even if it stays empty (PostgreSQL needs its empty folders). */
    void folder(String relative) throws IOException {
        Path target = resolve(relative);
        makeFolders(target);
        folders.add(relative);
    }

    /** Copies {@code source} whole. */
    BackupManifest.FileEntry copy(Path source, String relative) throws IOException {
        return copy(source, relative, Long.MAX_VALUE);
    }

    /** Copies the first {@code length} bytes of {@code source} (all of it if shorter). */
    BackupManifest.FileEntry copy(Path source, String relative, long length) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            return write(in, relative, length);
        }
    }

    BackupManifest.FileEntry write(String relative, byte[] content) throws IOException {
        try (InputStream in = new java.io.ByteArrayInputStream(content)) {
            return write(in, relative, Long.MAX_VALUE);
        }
    }

    /** Forgets and deletes what was written under {@code prefix}, to copy that part again. */
    void discard(String prefix) throws IOException {
        files.removeIf(file -> file.path().startsWith(prefix));
        folders.removeIf(folder -> folder.startsWith(prefix));
        Path under = resolve(prefix);
        if (Files.exists(under)) {
            try (Stream<Path> walk = Files.walk(under)) {
                for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private BackupManifest.FileEntry write(InputStream in, String relative, long length) throws IOException {
        Path target = resolve(relative);
        makeFolders(target.getParent());
        MessageDigest sha256 = sha256();
        long written = 0;
        byte[] buffer = new byte[BUFFER];
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Files.setPosixFilePermissions(target, OWNER_ONLY_FILE);
            while (written < length) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, length - written));
                if (read < 0) {
                    break;
                }
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                sha256.update(buffer, 0, read);
                written += read;
            }
        }
        BackupManifest.FileEntry entry = new BackupManifest.FileEntry(relative, written,
            HexFormat.of().formatHex(sha256.digest()));
        files.add(entry);
        return entry;
    }

    private Path resolve(String relative) {
        Path target = root.resolve(relative).normalize();
        if (!target.startsWith(root.normalize())) {
            throw new IllegalArgumentException(relative + " lies outside the backup folder");
        }
        return target;
    }

    private void makeFolders(Path folder) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = folder; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            Files.createDirectory(p, ownerOnlyFolder());
            Files.setPosixFilePermissions(p, OWNER_ONLY_FOLDER);
        }
    }

    /**
     * Puts everything written on disk before the manifest, which says the backup is whole: one {@code syncfs} of
     * the backup's file system ({@code sync -f}), as one fsync per file costs a journal commit each (7 s for the
     * 1,500 files of a 100,000-message backup, BENCHMARKS.md); each file and folder forced where it is missing.
     */
    void sync() throws IOException {
        if (syncFileSystem(root)) {
            return;
        }
        for (BackupManifest.FileEntry file : files) {
            try (FileChannel channel = FileChannel.open(resolve(file.path()), StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
        for (String folder : folders) {
            syncFolder(resolve(folder));
        }
        syncFolder(root);
    }

    /** {@code sync -f}: the file system holding {@code path} written out (Linux's syncfs); false if unavailable. */
    static boolean syncFileSystem(Path path) {
        try {
            Process sync = new ProcessBuilder("sync", "-f", path.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return sync.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    static FileAttribute<Set<PosixFilePermission>> ownerOnlyFolder() {
        return PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
