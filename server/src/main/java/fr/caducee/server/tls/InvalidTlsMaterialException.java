package fr.caducee.server.tls;

/** New TLS material that cannot be used, and why in a sentence the operator can act on; the material in force stays. */
public final class InvalidTlsMaterialException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidTlsMaterialException(String message) {
        super(message);
    }
}
