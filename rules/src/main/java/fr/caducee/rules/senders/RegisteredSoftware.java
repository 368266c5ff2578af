package fr.caducee.rules.senders;

import java.util.Optional;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxType;

/** The software reference registered in the directory for a login (an APP box), if any. */
@FunctionalInterface
public interface RegisteredSoftware {

    Optional<String> referenceOf(String login);

    /**
     * The rule: only an APP box (a box used by software, not by a person) has a software reference, the one
     * registered for it in the directory; a login that is not a box address, or any other box, has none.
     */
    static RegisteredSoftware inDirectory(Directory directory) {
        return login -> {
            BoxAddress address;
            try {
                address = BoxAddress.parse(login);
            } catch (InvalidIdentifierException e) {
                return Optional.empty();
            }
            return directory.findBox(address)
                .filter(box -> box.type() == BoxType.APP)
                .map(Box::softwareRef)
                .filter(reference -> !reference.isEmpty());
        };
    }
}
