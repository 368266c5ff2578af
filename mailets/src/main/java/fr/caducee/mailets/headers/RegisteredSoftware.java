package fr.caducee.mailets.headers;

import java.util.Optional;

/** The software reference registered in the directory for a login (an APP box), if any. */
@FunctionalInterface
public interface RegisteredSoftware {

    Optional<String> referenceOf(String login);
}
