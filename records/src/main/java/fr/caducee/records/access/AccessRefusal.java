package fr.caducee.records.access;

import java.util.Objects;

/**
 * An access the rules refuse: the HTTP status the API answers, the rule id the audit trail names, and a sentence
 * the reader can act on.
 */
public record AccessRefusal(int status, String rule, String sentence) {
    public static final int FORBIDDEN = 403;
    public static final int BAD_REQUEST = 400;

    public AccessRefusal {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(sentence, "sentence");
    }

    static AccessRefusal forbidden(String rule, String sentence) {
        return new AccessRefusal(FORBIDDEN, rule, sentence);
    }

    static AccessRefusal badRequest(String rule, String sentence) {
        return new AccessRefusal(BAD_REQUEST, rule, sentence);
    }
}
