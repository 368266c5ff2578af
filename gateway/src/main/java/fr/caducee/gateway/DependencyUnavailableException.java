package fr.caducee.gateway;

/**
 * Something the gateway needs is down (the directory, the database, the submission listener): the message is
 * answered {@code AR} ({@code hl7-dependency-unavailable}), nothing of it is kept, and the hospital sends it again.
 */
public class DependencyUnavailableException extends Exception {
    public DependencyUnavailableException(String what, Throwable cause) {
        super(what, cause);
    }
}
