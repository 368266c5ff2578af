package fr.caducee.records.deposit;

import static fr.caducee.records.IntegrationError.INCOMPLETE_INS;
import static fr.caducee.records.IntegrationError.OTHER;
import static fr.caducee.records.IntegrationError.UNKNOWN_PATIENT;
import static fr.caducee.records.IntegrationError.WRONG_VERSION;

import java.util.Objects;

import fr.caducee.domain.documents.UnreadableArchiveException.Problem;
import fr.caducee.records.DepositRefusal;
import fr.caducee.records.IntegrationError;

/**
 * Every reason a deposit is refused, with its rule id (as the audit trail and the logs name it) and the ANS code of
 * its receipt. One id per reason, so that an operator counting refusals sees what senders get wrong. A refusal is
 * made only here ({@link #refusal}), so an id always goes with the same code; the server's reading of the message
 * and its store refuse with the constants at the end. The catalogue of rules ({@code fr.caducee.rules.Rule}, stage
 * "record deposit") lists each of them again, for docs/RULES.md; a test of the server holds the two lists equal.
 */
public enum DepositRules {
    // 906, the archive and its documents
    ARCHIVE_UNREADABLE("record-archive-unreadable", OTHER),
    ARCHIVE_TOO_LARGE("record-archive-too-large", OTHER),
    DECOMPRESSION_BOMB("record-decompression-bomb", OTHER),
    PATH_TRAVERSAL("record-path-traversal", OTHER),
    DUPLICATE_ENTRY("record-duplicate-entry", OTHER),
    NO_METADATA("record-no-metadata", OTHER),
    METADATA_INCONSISTENT("record-metadata-inconsistent", OTHER),
    DOCUMENT_MISSING("record-document-missing", OTHER),
    NOT_XML("record-not-xml", OTHER),
    DOCTYPE("record-doctype-refused", OTHER),
    NOT_CDA("record-not-cda", OTHER),
    NO_CDA("record-no-cda", OTHER),
    DUPLICATE_DOCUMENT("record-duplicate-document", OTHER),
    UNIQUE_ID_MISMATCH("record-unique-id-mismatch", OTHER),
    TWO_PATIENTS("record-two-patients", OTHER),
    // 903, 905, 904, 902: the patient
    NO_INS("record-no-ins", IntegrationError.NO_INS),
    INS_WITHOUT_OID("record-ins-without-oid", INCOMPLETE_INS),
    INS_INVALID("record-ins-invalid", INCOMPLETE_INS),
    INS_TRAITS_MISSING("record-ins-traits-missing", INCOMPLETE_INS),
    INS_MISMATCH("record-ins-mismatch", IntegrationError.INS_MISMATCH),
    TRAITS_MISMATCH("record-patient-traits-mismatch", IntegrationError.INS_MISMATCH),
    OTHER_PATIENTS_DOCUMENT("record-other-patients-document", IntegrationError.INS_MISMATCH),
    PATIENT_UNKNOWN("record-patient-unknown", UNKNOWN_PATIENT),
    // 901: the author
    AUTHOR_UNIDENTIFIED("record-author-unidentified", IntegrationError.AUTHOR_NOT_ALLOWED),
    AUTHOR_INVALID("record-author-invalid", IntegrationError.AUTHOR_NOT_ALLOWED),
    AUTHOR_UNKNOWN("record-author-unknown", IntegrationError.AUTHOR_NOT_ALLOWED),
    AUTHOR_NOT_ALLOWED("record-author-not-allowed", IntegrationError.AUTHOR_NOT_ALLOWED),
    // 900: versions (the store refuses the last two again, should the record change between the checks and it)
    VERSION_UNKNOWN("record-version-unknown", WRONG_VERSION),
    VERSION_NOT_CURRENT("record-version-not-current", WRONG_VERSION),
    VERSION_NUMBER("record-version-number", WRONG_VERSION),
    SET_EXISTS("record-set-exists", WRONG_VERSION),
    // 906, found by the server: the message (RecordDeposit) and the record's store (JdbcRecordStore)
    MESSAGE_UNREADABLE("record-message-unreadable", OTHER),
    NO_ARCHIVE("record-no-archive", OTHER),
    SEVERAL_ARCHIVES("record-several-archives", OTHER),
    CHECK_FAILED("record-check-failed", OTHER),
    UNIQUE_ID_REUSED("record-unique-id-reused", OTHER);

    private final String id;
    private final IntegrationError error;

    DepositRules(String id, IntegrationError error) {
        this.id = id;
        this.error = error;
    }

    /** The rule as the audit trail names it. */
    public String id() {
        return id;
    }

    /** The ANS code the receipt of this refusal carries. */
    public IntegrationError error() {
        return error;
    }

    /** This rule's refusal, with a sentence saying what is wrong and what to do. */
    public DepositRefusal refusal(String sentence) {
        return new DepositRefusal(error, id, Objects.requireNonNull(sentence, "sentence"));
    }

    /** The rule of an archive or document the reader refused. */
    static DepositRules of(Problem problem) {
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
