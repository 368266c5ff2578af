package fr.caducee.domain.model;

/** Normalisation of the free-text fields of the model: stripped, never null. */
final class Text {

    private Text() {
    }

    static String optional(String value) {
        return value == null ? "" : value.strip();
    }

    static String required(String value, String what) {
        String s = optional(value);
        if (s.isEmpty()) {
            throw new InvalidModelException(what + " is missing");
        }
        return s;
    }
}
