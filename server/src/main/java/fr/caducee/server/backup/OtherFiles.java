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
 * Everything else in the data folder, walked as it is: the mail repositories ({@code var/mail}), the PKI
 * ({@code pki/}: private keys), the secrets the server generated ({@code secrets/}, {@code var/*.secret},
 * {@code var/store/postgres.secret}), and any other state file. Left out: what the other parts copy, the logs, the
 * PostgreSQL binaries (unpacked again at start) and the directory's lock. A file removed while the walk reaches it
 * (a mail taken out of a repository) is skipped.
 */
final class OtherFiles {
    /** Paths relative to the data folder that this part does not copy (folders: with everything under them). */
    static final Set<String> NOT_HERE = Set.of("log", "var/store/postgres", "var/store/postgres-binaries",
        "var/store/postgres-initdb.secret", "var/directory", "var/audit");

    private OtherFiles() {
    }

    /** Copies the data folder's other files; {@code alsoLeftOut} names more folders (the backup's own, if inside). */
    static int copy(Path data, BackupFolder backup, Set<Path> alsoLeftOut) throws IOException {
        int[] count = {0};
        Path root = data.toAbsolutePath().normalize();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Path relative = root.relativize(dir);
                if (NOT_HERE.contains(relative.toString()) || alsoLeftOut.contains(dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (!relative.toString().isEmpty()) {
                    backup.folder(relative.toString());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String relative = root.relativize(file).toString();
                if (attributes.isRegularFile() && !NOT_HERE.contains(relative) && !relative.endsWith(".tmp")) {
                    try {
                        backup.copy(file, relative);
                        count[0]++;
                    } catch (NoSuchFileException vanished) {
                        // taken out while we walked
                    }
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
        return count[0];
    }
}
