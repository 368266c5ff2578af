package fr.caducee.gateway.report;

import java.util.Objects;
import java.util.Optional;

/**
 * The MetaDMPMSS OBX flags ({@code <CODE>^<label>^MetaDMPMSS}, value {@code Y}/{@code N}). A flag absent is
 * {@code N}, except that the spec's defaults apply where it gives one (none of these has a default of {@code Y}).
 *
 * @param bodyForProfessionals {@code CORPSMAIL_PS} decoded (Base64, UTF-8), empty when absent
 * @param bodyForPatient {@code CORPSMAIL_PATIENT} decoded, empty when absent
 * @param patientMayNotReply an NTE with NTE-4 {@code FIN} follows the {@code DESTMSSANTEPAT} OBX: the professional
 *     does not want the patient to answer, so the patient's mail carries {@code X-MSS-MES: FIN} (page
 *     "mapping-mss" of the volet)
 */
public record MetaFlags(boolean toRecord, boolean toProfessionals, boolean toPatient, boolean hiddenFromProfessionals,
                        boolean invisibleToPatient, boolean invisibleToRepresentatives, boolean receptionReceipt,
                        boolean readingReceipt, Optional<String> bodyForProfessionals,
                        Optional<String> bodyForPatient, boolean patientMayNotReply) {
    public MetaFlags {
        bodyForProfessionals = Objects.requireNonNullElse(bodyForProfessionals, Optional.empty());
        bodyForPatient = Objects.requireNonNullElse(bodyForPatient, Optional.empty());
    }

    /** The flags without {@code FIN}: the patient may reply. */
    public MetaFlags(boolean toRecord, boolean toProfessionals, boolean toPatient, boolean hiddenFromProfessionals,
                     boolean invisibleToPatient, boolean invisibleToRepresentatives, boolean receptionReceipt,
                     boolean readingReceipt, Optional<String> bodyForProfessionals, Optional<String> bodyForPatient) {
        this(toRecord, toProfessionals, toPatient, hiddenFromProfessionals, invisibleToPatient,
            invisibleToRepresentatives, receptionReceipt, readingReceipt, bodyForProfessionals, bodyForPatient, false);
    }
}
