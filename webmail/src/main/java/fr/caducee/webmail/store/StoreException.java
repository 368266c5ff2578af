package fr.caducee.webmail.store;

import java.sql.SQLException;

/** The webmail's tables could not be read or written; the cause says why. */
public class StoreException extends RuntimeException {
    public StoreException(String what, SQLException cause) {
        super(what + ": " + cause.getMessage(), cause);
    }
}
