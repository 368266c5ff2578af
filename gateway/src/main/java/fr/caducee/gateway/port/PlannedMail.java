package fr.caducee.gateway.port;

import java.util.Objects;
import java.util.Optional;

import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.GatewayMessageIds;

/**
 * A mail the gateway is about to send for a hospital's message, one recipient each (receipts are matched per mail).
 *
 * @param messageId from {@link GatewayMessageIds}, written in {@code mime}'s Message-ID header
 * @param peer the hospital's APP box (the store's key with {@code controlId})
 * @param controlId MSH-10 of the HL7 message that caused it (the day's summary: {@code summary-<day>})
 * @param from the box it is sent as (the peer's box)
 * @param recipient the one recipient
 * @param recipientId the recipient's idNat or INS as the HL7 message named it, for the receipts (ZAM OBX-4)
 * @param notifySuccess ask for a DSN on delivery (RCPT NOTIFY=SUCCESS,FAILURE): ACK_RECEPTION
 * @param wantsReading the mail asks for an MDN (Disposition-Notification-To): ACK_LECTURE_MSS
 * @param mime the whole message (RFC 5322), Message-ID included
 */
public record PlannedMail(String messageId, BoxAddress peer, String controlId, GatewayMessageIds.Purpose purpose,
                          BoxAddress from, String recipient, Optional<String> recipientId, boolean notifySuccess,
                          boolean wantsReading, byte[] mime) {
    public PlannedMail {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(controlId, "controlId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(mime, "mime");
        recipientId = Objects.requireNonNullElse(recipientId, Optional.empty());
    }
}
