package fr.caducee.server.backup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Copies the embedded directory's files so that they load as they are: the highest snapshot N and the journal
 * segments from N on. The running server may append to the last segment while it is copied (the copy ends on a
 * whole record or on a torn one, which the directory cuts at start, as after a crash), or compact meanwhile: a
 * compaction deletes the segments the copy was reading, and the copy starts over from the new snapshot.
 */
final class DirectoryFiles {
    private static final Pattern SEGMENT = Pattern.compile("journal-(\\d{16})\\.log");
    private static final Pattern SNAPSHOT = Pattern.compile("snapshot-(\\d{16})\\.ldif");
    private static final int ATTEMPTS = 5;

    private DirectoryFiles() {
    }

    /** The files to copy, in order: the highest snapshot (if any), then the segments from its number on. */
    static List<String> toCopy(List<String> names) {
        TreeMap<Long, String> segments = new TreeMap<>();
        TreeMap<Long, String> snapshots = new TreeMap<>();
        for (String name : names) {
            Matcher segment = SEGMENT.matcher(name);
            Matcher snapshot = SNAPSHOT.matcher(name);
            if (segment.matches()) {
                segments.put(Long.parseLong(segment.group(1)), name);
            } else if (snapshot.matches()) {
                snapshots.put(Long.parseLong(snapshot.group(1)), name);
            }
        }
        OptionalLong from = snapshots.isEmpty() ? OptionalLong.empty() : OptionalLong.of(snapshots.lastKey());
        java.util.ArrayList<String> files = new java.util.ArrayList<>();
        if (from.isPresent()) {
            files.add(snapshots.lastEntry().getValue());
            files.addAll(segments.tailMap(from.getAsLong(), true).values());
        } else {
            files.addAll(segments.values());
        }
        return files;
    }

    /** Copies {@code folder} under {@code prefix}; returns the number of files. */
    static int copy(Path folder, BackupFolder backup, String prefix) throws IOException {
        for (int attempt = 1; ; attempt++) {
            List<String> names = new java.util.ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
                files.forEach(file -> names.add(file.getFileName().toString()));
            }
            List<String> copied = toCopy(names);
            try {
                backup.folder(prefix);
                for (String name : copied) {
                    backup.copy(folder.resolve(name), prefix + "/" + name);
                }
                return copied.size();
            } catch (NoSuchFileException compacted) {
                if (attempt == ATTEMPTS) {
                    throw new IOException("the directory in " + folder + " compacted " + ATTEMPTS
                        + " times while it was copied: try again", compacted);
                }
                backup.discard(prefix);
            }
        }
    }
}
