package fr.caducee.gateway.report;

import fr.caducee.gateway.message.Hl7Refusal;
import fr.caducee.gateway.message.Inbound;

/** Reads ORU^R01 and MDM^T02/T04/T10 per the CI-SIS volet "transmission de documents CDA en HL7v2". */
public final class DocumentReader {

    /**
     * @throws Hl7Refusal {@code hl7-required-field-missing} (no document, no INS while the record or the patient is
     *     a destination), {@code hl7-document-unreadable} (not Base64, not XML)
     */
    public DocumentMessage read(Inbound message) throws Hl7Refusal {
        throw new UnsupportedOperationException("to be written");
    }
}
