package fr.caducee.identity.psc;

import fr.caducee.identity.Sentence;

/** What the check of a token came to: a professional, a refusal with its reason, or nothing decided. */
public sealed interface TokenCheck {

    /** The token is good: who it speaks for. */
    record Valid(PscIdentity identity) implements TokenCheck {
    }

    /** The token is refused; the sentence (ASCII, ending with the rule's id) is for the client. */
    record Refused(TokenProblem problem, String sentence) implements TokenCheck {
        static Refused of(TokenProblem problem, String text) {
            return new Refused(problem, Sentence.of(text, problem.rule()));
        }
    }

    /** The provider (its keys or its introspection) could not be reached: nothing was decided. */
    record Unavailable(String reason) implements TokenCheck {
    }
}
