package fr.caducee.domain.importing.extract;

import java.util.Objects;

/** A structurally sound data line of the extract, with its line number for later error reports. */
public record ParsedLine(long lineNumber, ExtractLine line) implements ExtractEntry {

    public ParsedLine {
        Objects.requireNonNull(line, "line");
    }
}
