package fr.caducee.server.gateway.receipts;

import java.net.InetSocketAddress;
import java.util.Optional;

/** Where each hospital takes its business receipts: its MLLP receiver ({@code caducee.gateway.hospital.<id>.returnAddress}). */
@FunctionalInterface
public interface ReturnAddresses {

    /** @return the receiver of the hospital whose APP box this is (unresolved: resolved at each connection); empty when none is declared */
    Optional<InetSocketAddress> of(String peerBox);
}
