package fr.caducee.audit;

/** The trail could not take a record (disk full, I/O error): whatever depended on it must not be acknowledged. */
public class AuditUnavailableException extends RuntimeException {
    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
