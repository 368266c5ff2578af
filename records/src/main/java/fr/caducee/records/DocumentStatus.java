package fr.caducee.records;

/** Where a stored version stands in its set. */
public enum DocumentStatus {
    /** The version readers see. */
    CURRENT,
    /** Replaced by a later version: kept, not shown in searches. */
    SUPERSEDED,
    /** Withdrawn by its author: hidden from everyone, kept for the trace. */
    DELETED
}
