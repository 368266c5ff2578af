package fr.caducee.ldapengine;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of the embedded directory and what their names mean. Journal segments are numbered from 1;
 * {@code snapshot-N} holds the state left by every segment below N, so recovery loads the highest snapshot N and
 * replays segments N, N+1, ... A snapshot is written as {@code .tmp} and renamed only once complete and synced,
 * so a visible snapshot is always whole, and the segments it replaces are deleted only after that rename.
 */
final class DataFolder {

    private static final Pattern SEGMENT = Pattern.compile("journal-(\\d{16})\\.log");
    private static final Pattern SNAPSHOT = Pattern.compile("snapshot-(\\d{16})\\.ldif");
    private static final String TEMPORARY_SUFFIX = ".tmp";

    private final Path directory;

    DataFolder(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    Path directory() {
        return directory;
    }

    /**
     * Takes the folder for this server until the returned handle is closed; two servers appending to one journal
     * would corrupt it. The operating system releases the lock when the process dies, even by kill -9.
     */
    Closeable lock() throws IOException {
        FileChannel channel = FileChannel.open(directory.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("The directory in " + directory + " is already open in another server");
        }
        return channel::close;
    }

    Path segment(long number) {
        return directory.resolve(String.format(Locale.ROOT, "journal-%016d.log", number));
    }

    Path snapshot(long number) {
        return directory.resolve(String.format(Locale.ROOT, "snapshot-%016d.ldif", number));
    }

    Path temporarySnapshot(long number) {
        return directory.resolve(snapshot(number).getFileName() + TEMPORARY_SUFFIX);
    }

    NavigableSet<Long> segments() throws IOException {
        return numbers(SEGMENT);
    }

    NavigableSet<Long> snapshots() throws IOException {
        return numbers(SNAPSHOT);
    }

    /** Publishes a complete temporary snapshot under its final name, durably. */
    void publish(long snapshot) throws IOException {
        Files.move(temporarySnapshot(snapshot), snapshot(snapshot), StandardCopyOption.ATOMIC_MOVE);
        sync();
    }

    /** Deletes the segments and snapshots a published snapshot N replaces, and leftover temporary files. */
    void deleteBefore(long snapshot) throws IOException {
        for (long number : segments().headSet(snapshot, false)) {
            Files.deleteIfExists(segment(number));
        }
        for (long number : snapshots().headSet(snapshot, false)) {
            Files.deleteIfExists(snapshot(number));
        }
        deleteTemporaryFiles();
        sync();
    }

    void deleteTemporaryFiles() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + TEMPORARY_SUFFIX)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Makes created, renamed and deleted names durable: fsync of a file does not cover its directory entry. */
    void sync() throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private NavigableSet<Long> numbers(Pattern pattern) throws IOException {
        NavigableSet<Long> numbers = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                Matcher matcher = pattern.matcher(file.getFileName().toString());
                if (matcher.matches()) {
                    numbers.add(Long.parseLong(matcher.group(1)));
                }
            }
        }
        return numbers;
    }
}
