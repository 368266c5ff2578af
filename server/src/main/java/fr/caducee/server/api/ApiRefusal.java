package fr.caducee.server.api;

import java.util.Objects;

import fr.caducee.rules.Rule;

/**
 * An answer other than success: the HTTP status, the rule id the audit trail names, and a sentence the caller can
 * act on; the listener writes it as a FHIR {@code OperationOutcome} and audits it.
 */
public final class ApiRefusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String rule;
    private final String sentence;

    public ApiRefusal(int status, String rule, String sentence) {
        super(status + " " + rule + ": " + sentence, null, false, false);
        this.status = status;
        this.rule = Objects.requireNonNull(rule, "rule");
        this.sentence = Objects.requireNonNull(sentence, "sentence");
    }

    /** A refusal of the catalogue ({@link Rule}), whose reply is the HTTP status. */
    public static ApiRefusal of(Rule rule, String sentence) {
        return new ApiRefusal(Integer.parseInt(rule.reply()), rule.id(), sentence);
    }

    public static ApiRefusal badRequest(String rule, String sentence) {
        return new ApiRefusal(400, rule, sentence);
    }

    public static ApiRefusal forbidden(String rule, String sentence) {
        return new ApiRefusal(403, rule, sentence);
    }

    public static ApiRefusal notFound(String rule, String sentence) {
        return new ApiRefusal(404, rule, sentence);
    }

    public int status() {
        return status;
    }

    public String rule() {
        return rule;
    }

    public String sentence() {
        return sentence;
    }
}
