package fr.caducee.gateway.message;

/**
 * Reads a frame's payload as an HL7 v2 message: the MSH first (delimiters, MSH-18's character set, version, type),
 * the bytes decoded strictly in that set (a byte invalid in it is {@code hl7-encoding-mismatch}, never replaced),
 * then the whole message parsed by HAPI without its conformance validation (field lengths and optional segments of
 * real hospital messages vary; the readers check what they use). Versions taken: 2.5, 2.5.1, 2.6; types: ADT,
 * ORU^R01, MDM^T02/T04/T10 (and ACK, for the receipts' answers on the return channel).
 */
public final class Hl7Reader {

    /**
     * @throws Hl7Refusal {@code hl7-unparseable}, {@code hl7-encoding-mismatch}, {@code hl7-unsupported-version},
     *     {@code hl7-unsupported-message-type}, {@code hl7-required-field-missing} (no MSH-10), with the header when
     *     it could be read
     */
    public Inbound read(byte[] payload) throws Hl7Refusal {
        throw new UnsupportedOperationException("to be written");
    }
}
