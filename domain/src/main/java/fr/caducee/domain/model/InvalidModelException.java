package fr.caducee.domain.model;

/** A directory record that breaks a rule of the model; the message says which, naming the record. */
public class InvalidModelException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidModelException(String message) {
        super(message);
    }
}
