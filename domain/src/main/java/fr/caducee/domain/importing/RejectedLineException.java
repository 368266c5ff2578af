package fr.caducee.domain.importing;

/**
 * A line or entry that cannot be imported, with the reason as reported. Thrown for up to a few percent of a million
 * lines, so it carries no stack trace.
 */
final class RejectedLineException extends Exception {

    private static final long serialVersionUID = 1L;

    RejectedLineException(String reason) {
        super(reason, null, false, false);
    }
}
