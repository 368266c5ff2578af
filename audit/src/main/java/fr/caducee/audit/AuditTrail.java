package fr.caducee.audit;

/**
 * The audit trail (traçabilité): every decision taken on a message, appended and never rewritten. Never the body.
 */
public interface AuditTrail {
    /**
     * Appends a record. When this returns, the record is durable according to the trail's fsync policy, so a caller
     * that answers a client afterwards (an SMTP 250) never answers for a decision the trail could lose.
     *
     * @throws AuditUnavailableException when the record could not be written; the caller must not acknowledge
     */
    void append(AuditRecord record);
}
