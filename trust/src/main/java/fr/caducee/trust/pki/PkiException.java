package fr.caducee.trust.pki;

/**
 * Unusable certificate material: an invalid trust anchor, a CA key that does not match its
 * certificate, or a cryptographic operation the JDK refused. The message is meant for the
 * operator reading the startup log, so it names the file and the problem.
 */
public class PkiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
