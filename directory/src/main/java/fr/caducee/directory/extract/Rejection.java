package fr.caducee.directory.extract;

import java.util.Objects;

/**
 * A data line of the extract that cannot be used as a box.
 *
 * @param lineNumber line number in the file, 1 being the header
 * @param reason     what is wrong, a sentence starting with the line number
 * @param rawLine    the line as read, without terminator (cut if absurdly long)
 */
public record Rejection(long lineNumber, String reason, String rawLine) implements ExtractEntry {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(rawLine, "rawLine");
    }
}
