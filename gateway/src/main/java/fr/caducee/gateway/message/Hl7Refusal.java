package fr.caducee.gateway.message;

import java.util.Objects;
import java.util.Optional;

import fr.caducee.rules.Rule;

/**
 * A message the gateway does not take, with the four parts of every refusal here: the acknowledgement code and the
 * ERR condition (the rule's {@link Rule#reply()} {@code AE}/{@code AR} and {@link Rule#code()}, HL7 table 0357), the
 * rule id, and a sentence the hospital's interface team can act on (in ERR-8 and the audit trail).
 *
 * @see Acknowledgements#refuse
 */
public final class Hl7Refusal extends Exception {
    private final Rule rule;
    private final String sentence;
    private final transient Optional<Header> header;
    private final String location;

    /**
     * @param header what of the MSH could be read, to address the acknowledgement; empty when nothing could be
     * @param location the ERR-2 location when one field is at fault, e.g. {@code PID^1^3}; empty otherwise
     */
    public Hl7Refusal(Rule rule, String sentence, Optional<Header> header, String location) {
        super(rule.id() + ": " + sentence);
        if (!rule.stages().contains(Rule.Stage.GATEWAY) || !rule.refusal()) {
            throw new IllegalArgumentException(rule.id() + " is not a refusal of the gateway");
        }
        this.rule = rule;
        this.sentence = Objects.requireNonNull(sentence);
        this.header = Objects.requireNonNull(header);
        this.location = Objects.requireNonNullElse(location, "");
    }

    public Hl7Refusal(Rule rule, String sentence, Optional<Header> header) {
        this(rule, sentence, header, "");
    }

    public Rule rule() {
        return rule;
    }

    public String sentence() {
        return sentence;
    }

    public Optional<Header> header() {
        return header;
    }

    public String location() {
        return location;
    }

    /** The same refusal about a message whose header is now known. */
    public Hl7Refusal about(Header known) {
        return new Hl7Refusal(rule, sentence, Optional.of(known), location);
    }
}
