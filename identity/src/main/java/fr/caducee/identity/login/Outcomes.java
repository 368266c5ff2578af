package fr.caducee.identity.login;

import java.util.Optional;

import fr.caducee.domain.model.BoxAddress;
import fr.caducee.identity.Sentence;
import fr.caducee.rules.Rule;
import fr.caducee.rules.transport.SaslLogins.Refused;
import fr.caducee.rules.transport.SaslLogins.Unavailable;

/** What the three ways into a box answer alike: a refusal under their rule, the directory out of reach, an address. */
final class Outcomes {
    static final Unavailable DIRECTORY_UNAVAILABLE = new Unavailable(Sentence.of("The directory cannot be read now: "
        + "nothing was decided, try again in a moment", Rule.LOGIN_UNAVAILABLE));

    private Outcomes() {
    }

    static Refused refused(Rule rule, String text) {
        return new Refused(rule, Sentence.of(text, rule));
    }

    /** A box address as a client typed it; empty when it is not one. */
    static Optional<BoxAddress> address(String text) {
        try {
            return Optional.of(BoxAddress.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
