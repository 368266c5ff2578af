package fr.caducee.records.deposit;

import fr.caducee.domain.documents.UnreadableArchiveException.Problem;

/**
 * The rule ids of the deposit checks, as the receipts' audit records and the logs name them. One id per reason, so
 * that an operator counting refusals sees what senders get wrong; the ANS code is the receipt's.
 */
final class DepositRules {
    // 906, the archive and its documents
    static final String ARCHIVE_UNREADABLE = "record-archive-unreadable";
    static final String ARCHIVE_TOO_LARGE = "record-archive-too-large";
    static final String DECOMPRESSION_BOMB = "record-decompression-bomb";
    static final String PATH_TRAVERSAL = "record-path-traversal";
    static final String DUPLICATE_ENTRY = "record-duplicate-entry";
    static final String NO_METADATA = "record-no-metadata";
    static final String METADATA_INCONSISTENT = "record-metadata-inconsistent";
    static final String DOCUMENT_MISSING = "record-document-missing";
    static final String NOT_XML = "record-not-xml";
    static final String DOCTYPE = "record-doctype-refused";
    static final String NOT_CDA = "record-not-cda";
    static final String NO_CDA = "record-no-cda";
    static final String DUPLICATE_DOCUMENT = "record-duplicate-document";
    static final String UNIQUE_ID_MISMATCH = "record-unique-id-mismatch";
    static final String TWO_PATIENTS = "record-two-patients";
    // 903, 905, 904, 902: the patient
    static final String NO_INS = "record-no-ins";
    static final String INS_WITHOUT_OID = "record-ins-without-oid";
    static final String INS_INVALID = "record-ins-invalid";
    static final String INS_TRAITS_MISSING = "record-ins-traits-missing";
    static final String INS_MISMATCH = "record-ins-mismatch";
    static final String TRAITS_MISMATCH = "record-patient-traits-mismatch";
    static final String OTHER_PATIENTS_DOCUMENT = "record-other-patients-document";
    static final String PATIENT_UNKNOWN = "record-patient-unknown";
    // 901: the author
    static final String AUTHOR_UNIDENTIFIED = "record-author-unidentified";
    static final String AUTHOR_INVALID = "record-author-invalid";
    static final String AUTHOR_UNKNOWN = "record-author-unknown";
    static final String AUTHOR_NOT_ALLOWED = "record-author-not-allowed";
    // 900: versions
    static final String VERSION_UNKNOWN = "record-version-unknown";
    static final String VERSION_NOT_CURRENT = "record-version-not-current";
    static final String VERSION_NUMBER = "record-version-number";
    static final String SET_EXISTS = "record-set-exists";

    private DepositRules() {
    }

    /** The rule of an archive or document the reader refused. */
    static String of(Problem problem) {
        return switch (problem) {
            case UNREADABLE -> ARCHIVE_UNREADABLE;
            case TOO_LARGE -> ARCHIVE_TOO_LARGE;
            case DECOMPRESSION_BOMB -> DECOMPRESSION_BOMB;
            case PATH_TRAVERSAL -> PATH_TRAVERSAL;
            case DUPLICATE_ENTRY -> DUPLICATE_ENTRY;
            case NO_METADATA -> NO_METADATA;
            case INCONSISTENT_METADATA -> METADATA_INCONSISTENT;
            case MISSING_DOCUMENT -> DOCUMENT_MISSING;
            case NOT_XML -> NOT_XML;
            case DOCTYPE -> DOCTYPE;
            case NOT_CDA -> NOT_CDA;
        };
    }
}
