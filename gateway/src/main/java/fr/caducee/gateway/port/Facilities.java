package fr.caducee.gateway.port;

import java.util.Optional;

import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.gateway.Peer;
import fr.caducee.gateway.message.Header;
import fr.caducee.gateway.message.Hl7Refusal;

/** What a hospital may send for: the establishments (FINESS, MSH-4) declared for it ({@code server/gateway}). */
public interface Facilities {

    /** @throws Hl7Refusal {@code hl7-facility-not-allowed}: MSH-4 names no establishment of this peer */
    void check(Peer peer, Header header) throws Hl7Refusal;

    /**
     * On the plain development listener, where no certificate tells the peer: the declared hospital whose
     * establishments include MSH-4's; empty when none does.
     */
    Optional<Peer> byFacility(Header header) throws DependencyUnavailableException;
}
