package fr.caducee.rules.documents;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import fr.caducee.domain.documents.ConfidentialityCodes;
import fr.caducee.domain.documents.DocumentEntry;
import fr.caducee.domain.documents.Shown;
import fr.caducee.domain.documents.XdmArchive;
import fr.caducee.domain.documents.XdmMetadata;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.rules.Rule;

/**
 * Who may not receive a document, by the French confidentiality codes of its metadata (XDSDocumentEntry
 * confidentialityCode, classification {@value XdmMetadata#CONFIDENTIALITY_SCHEME}, codingScheme
 * {@value #CODING_SCHEME}, as the DMP and MSSanté use them):
 * <ul>
 *   <li>{@value #INVISIBLE_PATIENT} ("non visible par le patient"): never to a patient's box;</li>
 *   <li>{@value #MASQUE_PS} ("masqué aux professionnels de santé"): hidden from professionals, still meant for the
 *       patient and the shared record, so never to a professional's box (PER, ORG, APP, CAB) and allowed to a
 *       patient's;</li>
 *   <li>{@value #INVISIBLE_REP_LEGAUX} (hidden from the patient's legal representatives): read, not enforced, since a
 *       box is the patient's own and this server does not know who else reads it.</li>
 * </ul>
 * A code counts whatever codingScheme its classification names: these three exist only in {@value #CODING_SCHEME},
 * and mistaking a document's audience is worse than refusing it.
 *
 * <p>A message is refused whole: the check runs at the end of DATA, where one reply answers for every recipient.
 */
public final class Confidentiality {
    public static final String CODING_SCHEME = ConfidentialityCodes.CODING_SCHEME;
    public static final String MASQUE_PS = ConfidentialityCodes.MASQUE_PS;
    public static final String INVISIBLE_PATIENT = ConfidentialityCodes.INVISIBLE_PATIENT;
    public static final String INVISIBLE_REP_LEGAUX = ConfidentialityCodes.INVISIBLE_REP_LEGAUX;

    /** Why the message may not go to one of its recipients. */
    public record Refusal(Rule rule, String sentence) {
    }

    private Confidentiality() {
    }

    /**
     * @param documents the document entries of every attached archive
     * @param recipients the envelope recipients
     * @return the first refusal, recipients in order, documents in archive order; empty when every document may go to
     *     every recipient
     */
    public static Optional<Refusal> check(List<DocumentEntry> documents, Collection<String> recipients) {
        for (String recipient : recipients) {
            boolean patient = isPatientBox(recipient);
            String forbidden = patient ? INVISIBLE_PATIENT : MASQUE_PS;
            for (DocumentEntry document : documents) {
                if (document.confidentialityCodes().contains(forbidden)) {
                    return Optional.of(patient ? invisibleToPatient(document, recipient)
                        : maskedFromProfessionals(document, recipient));
                }
            }
        }
        return Optional.empty();
    }

    static boolean isPatientBox(String address) {
        return PatientAddress.isPatientAddress(address);
    }

    private static Refusal invisibleToPatient(DocumentEntry document, String recipient) {
        return new Refusal(Rule.DOCUMENT_INVISIBLE_TO_PATIENT, "METADATA.XML in " + XdmArchive.FILE_NAME
            + " marks the document " + Shown.value(document.id()) + " " + INVISIBLE_PATIENT + " (not to be shown to the "
            + "patient) and " + Shown.value(recipient) + " is a patient's box: nothing was sent to anyone; send the "
            + "message again without the patient among its recipients, or without that document");
    }

    private static Refusal maskedFromProfessionals(DocumentEntry document, String recipient) {
        return new Refusal(Rule.DOCUMENT_MASKED_FROM_PROFESSIONALS, "METADATA.XML in " + XdmArchive.FILE_NAME
            + " marks the document " + Shown.value(document.id()) + " " + MASQUE_PS + " (hidden from health "
            + "professionals) and " + Shown.value(recipient) + " is a professional's box: nothing was sent to anyone; "
            + "send the message again to the patient only, or without that document");
    }
}
