package fr.caducee.server.directory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Files and folders only the server's account may read: the directory's data and its listener secret. */
final class SecureFolder {

    private SecureFolder() {
    }

    static void create(Path folder) throws IOException {
        Files.createDirectories(folder);
        if (posix()) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** The secret in the file, created at random on first use (no final newline: {@code ldapsearch -y} reads it). */
    static String secret(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                StandardCharsets.US_ASCII);
            if (posix()) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            }
            Files.move(temporary, file);
        }
        return Files.readString(file, StandardCharsets.US_ASCII).strip();
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
