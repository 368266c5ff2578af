package fr.caducee.gateway;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.model.BoxAddress;

/**
 * A hospital connected to the gateway, as the operator declared it (server: {@code caducee.gateway.hospitals}): its
 * information system authenticates with a client certificate naming its APP box, sends as that box, and may write
 * only for its own establishments.
 *
 * @param box the hospital's APP box: the certificate names it; the notices and messages leave from it
 * @param name the hospital as the notices name it ("CHU de X")
 * @param facilities the FINESS MSH-4 may carry: the box's structure's and those declared
 * @param edBox the ED's ORG box, which gets the daily summary; empty: no summary
 * @param edUnits unit codes (ZBE-7.10, PV1-3.1) that are the ED, for admissions whose PV1-2 is not {@code E}
 * @param edContact how a GP reaches the ED (a telephone number, a box), written in the notice
 */
public record Peer(BoxAddress box, String name, Set<Finess> facilities, Optional<BoxAddress> edBox,
                   Set<String> edUnits, String edContact) {
    public Peer {
        Objects.requireNonNull(box, "box");
        name = Objects.requireNonNullElse(name, "");
        facilities = Set.copyOf(facilities);
        edBox = Objects.requireNonNullElse(edBox, Optional.empty());
        edUnits = Set.copyOf(edUnits);
        edContact = Objects.requireNonNullElse(edContact, "");
    }
}
