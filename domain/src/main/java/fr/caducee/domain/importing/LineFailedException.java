package fr.caducee.domain.importing;

/**
 * A line could not be applied for a reason that is not the line's fault (the directory is unavailable, or failed
 * unexpectedly): the import must stop. The line's own writes have been undone as far as possible.
 */
final class LineFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long line;
    private final String undoNote;

    LineFailedException(long line, RuntimeException cause, String undoNote) {
        super(cause.getMessage(), cause);
        this.line = line;
        this.undoNote = undoNote;
    }

    long line() {
        return line;
    }

    /** Empty, or a sentence saying what of the line could not be undone. */
    String undoNote() {
        return undoNote;
    }
}
