package fr.caducee.gateway.message;

import java.util.Optional;

/**
 * Writes the acknowledgements (HL7 original mode): MSH with the applications and facilities swapped, a control id
 * of ours, MSA-1 {@code AA}, {@code AE} or {@code AR} and MSA-2 the message's MSH-10; a refusal adds ERR: ERR-2 the
 * location, ERR-3 the condition ({@code code^text^HL70357}), ERR-4 {@code E}, ERR-7 the rule id, ERR-8 the
 * sentence. Encoded in the character set the message declared (ASCII escapes for a header that could not be read),
 * in the message's version.
 */
public final class Acknowledgements {

    public byte[] accept(Header message) {
        throw new UnsupportedOperationException("to be written");
    }

    /** {@code AE} or {@code AR} as the refusal's rule says; {@code header} empty when nothing of MSH could be read. */
    public byte[] refuse(Hl7Refusal refusal) {
        throw new UnsupportedOperationException("to be written");
    }

    /** The MSA-1 of an acknowledgement received (the hospital's answer to a ZAM), empty when it has none. */
    public Optional<String> acknowledgementCode(byte[] ack) {
        throw new UnsupportedOperationException("to be written");
    }
}
