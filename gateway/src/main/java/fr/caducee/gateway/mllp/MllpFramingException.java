package fr.caducee.gateway.mllp;

import fr.caducee.rules.Rule;

/** A frame refused before any HL7 was read: {@code hl7-framing} or {@code hl7-too-large}. */
public final class MllpFramingException extends Exception {
    private final Rule rule;
    private final boolean connectionLost;

    public MllpFramingException(Rule rule, String sentence, boolean connectionLost) {
        super(sentence);
        this.rule = rule;
        this.connectionLost = connectionLost;
    }

    public Rule rule() {
        return rule;
    }

    /** True when the stream ended inside the frame: there is nobody to answer. */
    public boolean connectionLost() {
        return connectionLost;
    }
}
