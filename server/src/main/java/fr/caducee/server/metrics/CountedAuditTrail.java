package fr.caducee.server.metrics;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;

/** The audit trail, counting each record it wrote in {@link DecisionCounts}: a record that failed is not counted. */
public final class CountedAuditTrail implements AuditTrail {
    private final AuditTrail trail;
    private final DecisionCounts counts;

    public CountedAuditTrail(AuditTrail trail, DecisionCounts counts) {
        this.trail = trail;
        this.counts = counts;
    }

    @Override
    public void append(AuditRecord record) {
        trail.append(record);
        counts.count(record);
    }
}
