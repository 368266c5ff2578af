package fr.caducee.gateway.message;

import java.util.Objects;

import ca.uhn.hl7v2.model.Message;

/**
 * A message that passed the checks every message passes ({@link Hl7Reader}): framed, within bounds, in the
 * character set it declares, a version and type the gateway takes, parsed by HAPI.
 *
 * @param header its MSH as written
 * @param message the parsed message (HAPI's structures of its version; Z segments as generic segments)
 * @param text the message as decoded from its character set, segments separated by CR
 */
public record Inbound(Header header, Message message, String text) {
    public Inbound {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(text, "text");
    }
}
