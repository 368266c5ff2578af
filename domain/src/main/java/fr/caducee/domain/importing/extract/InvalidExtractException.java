package fr.caducee.domain.importing.extract;

import java.io.IOException;

/** The extract as a whole is unusable (no header, or not the expected one): no line of it can be trusted. */
public class InvalidExtractException extends IOException {

    private static final long serialVersionUID = 1L;

    public InvalidExtractException(String message) {
        super(message);
    }
}
