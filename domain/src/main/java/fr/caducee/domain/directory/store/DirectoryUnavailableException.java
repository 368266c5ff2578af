package fr.caducee.domain.directory.store;

/** The store could not be reached or failed; nothing can be said about the record asked for. */
public class DirectoryUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
