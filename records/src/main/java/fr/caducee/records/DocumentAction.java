package fr.caducee.records;

/** What a deposited document does to the record (HL7 OBX-11 {@code F}, {@code C}, {@code D}; XDS RPLC). */
public enum DocumentAction {
    /** A new document, or a new set. */
    NEW,
    /** Replaces the current version of its set, which is kept as superseded. */
    REPLACE,
    /** Withdraws the current version of its set: hidden from everyone, kept for the trace. */
    DELETE
}
