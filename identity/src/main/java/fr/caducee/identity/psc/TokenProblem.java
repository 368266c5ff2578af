package fr.caducee.identity.psc;

import fr.caducee.rules.Rule;

/** Why a token is refused: each reason is one rule of the catalogue, answered {@code 535 5.7.8} / {@code NO [AUTHENTICATIONFAILED]}. */
public enum TokenProblem {
    /** Not a signed JWT access token (alg none, encrypted, unreadable, a claim missing or not of its type). */
    MALFORMED(Rule.PSC_TOKEN_MALFORMED),
    /** Not signed by a key the provider publishes, signed with an algorithm not taken, or from another issuer. */
    SIGNATURE(Rule.PSC_TOKEN_SIGNATURE),
    /** Past its expiry or not valid yet, beyond the clock skew allowed. */
    EXPIRED(Rule.PSC_TOKEN_EXPIRED),
    /** Issued to software ({@code aud}, {@code azp}) that is not among the clients allowed. */
    AUDIENCE(Rule.PSC_TOKEN_AUDIENCE),
    /** Its authentication level ({@code acr}) is not the one required. */
    LEVEL(Rule.PSC_TOKEN_LEVEL),
    /** The provider's introspection says it is no longer active. */
    INACTIVE(Rule.PSC_TOKEN_INACTIVE);

    private final Rule rule;

    TokenProblem(Rule rule) {
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }
}
