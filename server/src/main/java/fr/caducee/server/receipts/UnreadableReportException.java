package fr.caducee.server.receipts;

/**
 * A report (DSN or MDN) whose fields cannot be understood. The message says what is wrong; the report itself is
 * delivered to the box all the same, never dropped.
 */
public final class UnreadableReportException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnreadableReportException(String message) {
        super(message);
    }
}
