package fr.caducee.domain.directory.store;

/**
 * A write the directory refuses because of its content: the message names the record and the field and says what
 * is wrong, fit to show to the administrator who asked for it.
 */
public class DirectoryRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a write was refused, for callers that map it to a status (HTTP 409 for a conflict, 404, 400...). */
    public enum Reason {
        /** The record already exists (create of an existing box). */
        DUPLICATE,
        /** A record this one refers to does not exist (holder, structure, responsible, member, patient). */
        UNKNOWN_REFERENCE,
        /** The record to change does not exist. */
        NOT_FOUND,
        /** The write would change what never changes (a box's type) or remove what is still referred to. */
        CONFLICT,
        /** The record breaks a rule of the model. */
        INVALID
    }

    private final Reason reason;

    public DirectoryRefusal(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
