package fr.caducee.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many messages each box was sent and accepted, kept in a file ("address count" a line) from one load to the next,
 * so that a box's INBOX can be checked against everything it was sent, warm-up included, without first counting it
 * over IMAP.
 */
final class Tally {
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    /** The tally of {@code file}; empty when the file does not exist yet (the first load). */
    static Tally read(Path file) throws IOException {
        Tally tally = new Tally();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length == 2) {
                    tally.add(fields[0], Integer.parseInt(fields[1]));
                } else if (!line.isBlank()) {
                    throw new IOException(file + ": expected \"address count\", got: " + line);
                }
            }
        }
        return tally;
    }

    void add(String address, int messages) {
        counts.merge(address.toLowerCase(java.util.Locale.ROOT), messages, Integer::sum);
    }

    void add(Tally other) {
        other.counts.forEach(this::add);
    }

    int of(String address) {
        return counts.getOrDefault(address.toLowerCase(java.util.Locale.ROOT), 0);
    }

    /** Written in address order, through a temporary file, so that a reader never sees half of it. */
    void write(Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(counts).forEach((address, count) -> text.append(address).append(' ').append(count).append('\n'));
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
