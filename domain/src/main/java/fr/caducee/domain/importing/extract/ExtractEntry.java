package fr.caducee.domain.importing.extract;

/** What {@link ExtractReader} yields for each data line: a {@link ParsedLine} or a {@link Rejection}. */
public sealed interface ExtractEntry permits ParsedLine, Rejection {

    /** Line number in the file, 1 being the header. */
    long lineNumber();
}
