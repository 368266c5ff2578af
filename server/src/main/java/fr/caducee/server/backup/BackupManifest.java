package fr.caducee.server.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@code manifest.json}, written last in a backup folder: which Caducée made it, when, how the database was taken,
 * its parts, and every file with its size and SHA-256, so that {@code caducee restore --verify} can tell a whole
 * backup from a damaged or unfinished one (no manifest: the backup did not finish).
 *
 * @param format   this layout's number, {@value #FORMAT}
 * @param version  the Caducée version that took it (restore refuses another major version)
 * @param started  when the backup began (ISO-8601, UTC): every message acknowledged before is in it
 * @param finished when it ended
 * @param database how the database was taken: {@code managed-online}, {@code managed-stopped} or {@code external}
 * @param startLsn PostgreSQL's backup start location (online backups), else empty
 * @param stopLsn  PostgreSQL's backup stop location: a restore replays the log up to it at least
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupManifest(int format, String version, String started, String finished, String database, String startLsn,
                      String stopLsn, List<Part> parts, List<String> folders, List<FileEntry> files) {
    static final int FORMAT = 1;
    static final String FILE_NAME = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One part of the data folder (database, directory, audit, files), what it holds and how long it took. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Part(String name, long files, long bytes, long millis, String note) {
    }

    /** A file of the backup, its path relative to the backup folder (and to the data folder it restores to). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FileEntry(String path, long size, String sha256) {
    }

    void writeTo(Path backup) throws IOException {
        Path partial = backup.resolve(FILE_NAME + ".partial");
        Files.write(partial, JSON.writeValueAsBytes(this), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        Files.setPosixFilePermissions(partial, BackupFolder.OWNER_ONLY_FILE);
        Files.move(partial, backup.resolve(FILE_NAME), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        BackupFolder.syncFolder(backup);
    }

    public static BackupManifest readFrom(Path backup) throws IOException {
        Path file = backup.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null,
                "no manifest: not a Caducée backup, or a backup that did not finish");
        }
        BackupManifest manifest = JSON.readValue(file.toFile(), BackupManifest.class);
        if (manifest.format() != FORMAT) {
            throw new IOException(file + " is a backup of format " + manifest.format() + "; this Caducée reads format "
                + FORMAT);
        }
        return manifest;
    }

    public long totalBytes() {
        return files.stream().mapToLong(FileEntry::size).sum();
    }
}
