package fr.caducee.gateway.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import fr.caducee.gateway.admission.PatientTraits;
import fr.caducee.gateway.message.Inbound;

/**
 * An ORU^R01 (v2.5) or MDM^T02/T04/T10 (v2.6) as the gateway reads it.
 *
 * @param message the message it was read from
 * @param patient PID (the INS is required to deposit or to write to the patient; the reader checks)
 * @param documents the documents, in OBX order (usually one; ANS's ORU sample has a level-1 and a level-3 version of
 *     one report)
 * @param flags the MetaDMPMSS flags
 * @param recipients PRT {@code RCT}, in message order
 * @param replyTo PRT {@code REPLY}'s address, where answers go (else the sending APP box)
 * @param author PRT {@code SB} (or TXA-22/OBR-32), the idNat as written, empty when absent
 */
public record DocumentMessage(Inbound message, PatientTraits patient, List<ReportDocument> documents,
                              MetaFlags flags, List<ReportRecipient> recipients, Optional<String> replyTo,
                              Optional<String> author) {
    public DocumentMessage {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(flags, "flags");
        documents = List.copyOf(documents);
        recipients = List.copyOf(recipients);
        replyTo = Objects.requireNonNullElse(replyTo, Optional.empty());
        author = Objects.requireNonNullElse(author, Optional.empty());
    }
}
