package fr.caducee.gateway;

import fr.caducee.gateway.message.Header;
import fr.caducee.gateway.message.Hl7Refusal;
import fr.caducee.gateway.message.Inbound;

/**
 * What one kind of message causes: the admissions route (ADT) and the documents route (ORU, MDM). {@link Gateway}
 * has checked the frame, the message, the peer and its facility, and answers a message sent again from what it
 * stored the first time; a route does the work and returns once every effect is durable (mails accepted by the
 * submission chain, rows committed). It may be run again for the same message after a crash before the answer was
 * stored: its mails have the same Message-IDs then ({@link GatewayMessageIds}) and are not sent twice.
 */
public interface MessageRoute {

    /** True for the message types this route takes (MSH-9). */
    boolean takes(Header header);

    /**
     * @return what the message caused, one sentence for the audit trail (HL7_HANDLED) and the stored answer
     * @throws Hl7Refusal the message is refused ({@code AE}); nothing it would have caused was done
     * @throws DependencyUnavailableException answer {@code AR}
     */
    String handle(Peer peer, Inbound message) throws Hl7Refusal, DependencyUnavailableException;
}
