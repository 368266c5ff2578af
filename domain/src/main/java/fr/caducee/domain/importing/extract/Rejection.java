package fr.caducee.domain.importing.extract;

import java.util.Objects;

/**
 * A data line of the extract that cannot be used as a box.
 *
 * @param lineNumber line number in the file, 1 being the header
 * @param reason     what is wrong, a sentence starting with the line number
 * @param rawLine    the line as read, without terminator (cut if absurdly long)
 * @param truncated  true for a last line cut short (no final newline, columns missing): the file itself is
 *                   incomplete, which a consumer may treat as fatal for the whole file rather than for one line
 */
public record Rejection(long lineNumber, String reason, String rawLine, boolean truncated) implements ExtractEntry {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(rawLine, "rawLine");
    }

    /** A line rejected on its own content; the file around it is fine. */
    public Rejection(long lineNumber, String reason, String rawLine) {
        this(lineNumber, reason, rawLine, false);
    }
}
