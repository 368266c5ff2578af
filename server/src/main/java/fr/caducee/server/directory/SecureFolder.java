package fr.caducee.server.directory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import fr.caducee.trust.pki.SecureFiles;

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
            SecureFiles.write(file, SecureFiles.randomSecret(24).getBytes(StandardCharsets.US_ASCII), true);
        }
        return Files.readString(file, StandardCharsets.US_ASCII).strip();
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
