package fr.caducee.gateway.report;

import java.util.Optional;

/**
 * The MetaDMPMSS OBX flags ({@code <CODE>^<label>^MetaDMPMSS}, value {@code Y}/{@code N}). A flag absent is
 * {@code N}, except that the spec's defaults apply where it gives one (none of these has a default of {@code Y}).
 *
 * @param bodyForProfessionals {@code CORPSMAIL_PS} decoded (Base64, UTF-8), empty when absent
 * @param bodyForPatient {@code CORPSMAIL_PATIENT} decoded, empty when absent
 */
public record MetaFlags(boolean toRecord, boolean toProfessionals, boolean toPatient, boolean hiddenFromProfessionals,
                        boolean invisibleToPatient, boolean invisibleToRepresentatives, boolean receptionReceipt,
                        boolean readingReceipt, Optional<String> bodyForProfessionals,
                        Optional<String> bodyForPatient) {
}
