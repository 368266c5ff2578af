package fr.caducee.gateway.admission;

import fr.caducee.gateway.message.Hl7Refusal;
import fr.caducee.gateway.message.Inbound;

/** Reads an ADT message of IHE PAM France 2.11 (HAPI's v2.5 structures, ZBE as a generic segment). */
public final class AdmissionReader {

    /**
     * @return the admission; for an ADT event the gateway does not act on, a refusal is not right: callers ask
     *     {@link AdmissionEvent#of} first and acknowledge others with nothing done
     * @throws Hl7Refusal {@code hl7-required-field-missing} (no PID, no visit id nor movement id, no time)
     */
    public Admission read(Inbound message) throws Hl7Refusal {
        throw new UnsupportedOperationException("to be written");
    }
}
