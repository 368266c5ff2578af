package fr.caducee.trust.pki;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;

/** File writes for key material and secrets: atomic, and owner-only where the file system knows POSIX modes. */
public final class SecureFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecureFiles() {
    }

    /**
     * Writes through a temporary sibling then renames it, so a crash never leaves a truncated
     * keystore that a later start would take for a valid one.
     */
    public static void write(Path file, byte[] content, boolean ownerOnly) throws IOException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        Path temporary = directory.resolve(
                "." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        // The mode is set at creation: changing it afterwards would leave a window where the key is readable.
        FileAttribute<?>[] attributes = ownerOnly && supportsPosix(directory)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try {
            try (FileChannel channel = FileChannel.open(temporary,
                    EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** A random secret of {@code bytes} random bytes, URL-safe Base64 without padding (fit for a file or a prompt). */
    public static String randomSecret(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Creates the directory (and missing parents); a newly created leaf directory is owner-only. */
    public static void createPrivateDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path parent = directory.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try {
            if (supportsPosix(parent)) {
                Files.createDirectory(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(directory);
            }
        } catch (FileAlreadyExistsException e) {
            // Another process created it meanwhile: fine as long as it is a directory.
            if (!Files.isDirectory(directory)) {
                throw e;
            }
        }
    }

    static boolean supportsPosix(Path existing) throws IOException {
        return Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class);
    }
}
