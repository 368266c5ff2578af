package fr.caducee.domain.importing;

/** The file no longer holds what the validation phase read: it was changed during the import. */
final class ChangedFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ChangedFileException(long line) {
        super("line " + line + " is no longer what was validated: the file was changed during the import");
    }
}
