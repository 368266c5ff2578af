package fr.caducee.webmail.web;

import java.util.Objects;
import java.util.Optional;

import fr.caducee.rules.Rule;

/**
 * A request the webmail refuses: answered with the rule's HTTP status and a page in French that says what happened
 * and what to do ({@code sentence}), with the rule id for the operator's support; audited with the patient as login.
 * Nothing was changed.
 */
public final class WebRefusal extends Exception {
    private final Rule rule;
    private final String sentence;
    private final String login;

    public WebRefusal(Rule rule, String sentence) {
        this(rule, sentence, null);
    }

    /**
     * A refusal audited with the login it concerns when no patient is at the screen yet: the address typed at a
     * failed login, the patient of a session that was just ended.
     */
    public WebRefusal(Rule rule, String sentence, String login) {
        super(rule.id() + ": " + sentence, null, false, false);
        this.rule = Objects.requireNonNull(rule, "rule");
        this.sentence = Objects.requireNonNull(sentence, "sentence");
        this.login = login;
    }

    public Rule rule() {
        return rule;
    }

    /** French, for the patient: what happened and what they can do. */
    public String sentence() {
        return sentence;
    }

    /** The login to audit when no session says who is at the screen. */
    public Optional<String> login() {
        return Optional.ofNullable(login);
    }

    public int status() {
        return Integer.parseInt(rule.reply());
    }
}
