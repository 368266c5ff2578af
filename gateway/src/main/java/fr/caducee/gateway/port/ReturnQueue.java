package fr.caducee.gateway.port;

import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.DependencyUnavailableException;

/**
 * Keeps the business receipts (ZAM^Z01/Z02/Z03) the gateway owes a hospital until the hospital answers them
 * {@code AA} ({@code server/gateway/receipts}: table {@code gateway_return}, sent over MLLP to its return address).
 */
public interface ReturnQueue {

    /**
     * Queues one receipt; a source already queued adds nothing, so that a message handled again, or a receipt
     * matched again, sends one ZAM.
     *
     * @param source what caused it, unique: {@code refused:<Message-ID>} (the chain refused that mail),
     *     {@code receipt:<caducee_receipt id>} (a DSN, an MDN, the record's receipt)
     * @param kind {@code Z01}, {@code Z02} or {@code Z03}
     * @param controlId the ZAM's own MSH-10
     * @param message the ZAM as it is sent
     * @throws DependencyUnavailableException the database cannot be reached
     */
    void queue(BoxAddress peer, String source, String kind, String controlId, byte[] message)
        throws DependencyUnavailableException;
}
