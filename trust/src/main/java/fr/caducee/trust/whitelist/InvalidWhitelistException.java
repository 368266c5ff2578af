package fr.caducee.trust.whitelist;

/**
 * A whitelist document that must not be used. Checked on purpose: whoever loads a list has to decide what to do
 * when the new one is bad, and the only safe answer is to keep the previous one.
 */
public class InvalidWhitelistException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidWhitelistException(String message) {
        super(message);
    }

    public InvalidWhitelistException(String message, Throwable cause) {
        super(message, cause);
    }
}
