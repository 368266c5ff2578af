package fr.caducee.server.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * Copies the audit trail's segments up to a known end: each segment as long as it was when its copy began, cut
 * after its last whole line (a record being written is left to the next backup). Segments are append-only JSON
 * lines, so the copy is a valid trail that holds every record written before the copy began.
 */
final class AuditFiles {
    private static final Pattern SEGMENT = Pattern.compile("audit-\\d{4}-\\d{2}-\\d{2}(?:\\.\\d{1,6})?\\.jsonl");
    private static final int TAIL = 64 * 1024;

    private AuditFiles() {
    }

    /** Copies the trail in {@code folder} under {@code prefix}; returns the number of segments. */
    static int copy(Path folder, BackupFolder backup, String prefix) throws IOException {
        backup.folder(prefix);
        int count = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                if (Files.isRegularFile(file) && SEGMENT.matcher(file.getFileName().toString()).matches()) {
                    backup.copy(file, prefix + "/" + file.getFileName(), wholeLines(file, Files.size(file)));
                    count++;
                }
            }
        }
        return count;
    }

    /** The length of the prefix of the file's first {@code size} bytes that ends with a whole line. */
    static long wholeLines(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(TAIL);
            for (long end = size; end > 0; ) {
                long from = Math.max(0, end - TAIL);
                buffer.clear().limit((int) (end - from));
                while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) >= 0) {
                    // fill
                }
                for (int i = buffer.position() - 1; i >= 0; i--) {
                    if (buffer.get(i) == '\n') {
                        return from + i + 1;
                    }
                }
                end = from;
            }
            return 0;
        }
    }
}
