package fr.caducee.webmail.web;

import java.util.Objects;

import fr.caducee.rules.Rule;

/**
 * A request the webmail refuses: answered with the rule's HTTP status and a page in French that says what happened
 * and what to do ({@code sentence}), with the rule id for the operator's support; audited with the patient as login.
 * Nothing was changed.
 */
public final class WebRefusal extends Exception {
    private final Rule rule;
    private final String sentence;

    public WebRefusal(Rule rule, String sentence) {
        super(rule.id() + ": " + sentence, null, false, false);
        this.rule = Objects.requireNonNull(rule, "rule");
        this.sentence = Objects.requireNonNull(sentence, "sentence");
    }

    public Rule rule() {
        return rule;
    }

    /** French, for the patient: what happened and what they can do. */
    public String sentence() {
        return sentence;
    }

    public int status() {
        return Integer.parseInt(rule.reply());
    }
}
