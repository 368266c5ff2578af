package fr.caducee.gateway.report;

/** OBX-11 of the document's OBX (CI-SIS "transmission de documents CDA en HL7v2"). */
public enum DocumentAction {
    /** {@code F}: a new document (or its first version). */
    NEW,
    /** {@code C}: a replacement; the CDA names the version it replaces (relatedDocument RPLC). */
    REPLACEMENT,
    /** {@code D}: a deletion; the message carries the current version, to be withdrawn. */
    DELETION
}
