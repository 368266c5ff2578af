package fr.caducee.domain.documents;

/**
 * The French confidentiality codes of a document (XDSDocumentEntry confidentialityCode, classification
 * {@value XdmMetadata#CONFIDENTIALITY_SCHEME}, codingScheme {@value #CODING_SCHEME}; in HL7 v2 messages the OBX flags
 * of the same names), as the shared record (DMP) and MSSanté use them.
 */
public final class ConfidentialityCodes {
    public static final String CODING_SCHEME = "1.2.250.1.213.1.1.4.13";
    /** "Masqué aux professionnels de santé": visible to its author and the patient only. */
    public static final String MASQUE_PS = "MASQUE_PS";
    /** "Non visible par le patient": never shown nor sent to the patient until lifted. */
    public static final String INVISIBLE_PATIENT = "INVISIBLE_PATIENT";
    /** Hidden from the patient's legal representatives. */
    public static final String INVISIBLE_REP_LEGAUX = "INVISIBLE_REP_LEGAUX";

    private ConfidentialityCodes() {
    }
}
