package fr.caducee.server.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import javax.inject.Inject;

import fr.caducee.audit.AuditQuery;
import fr.caducee.audit.AuditReader;
import fr.caducee.audit.Decision;
import fr.caducee.server.storage.spool.AcceptanceRecords;

/** The spool's question at start, answered by one pass over the trail's {@code ACCEPTED} records since then. */
public class TrailAcceptanceRecords implements AcceptanceRecords {
    private final AuditReader reader;

    @Inject
    public TrailAcceptanceRecords(AuditReader reader) {
        this.reader = reader;
    }

    @Override
    public Set<String> recorded(Set<String> mailNames, Instant since) {
        Set<String> recorded = new HashSet<>();
        AuditQuery accepted = AuditQuery.between(since, Instant.now().plus(Duration.ofMinutes(5)))
            .withDecision(Decision.ACCEPTED);
        reader.forEach(accepted, record -> {
            if (mailNames.contains(record.mail())) {
                recorded.add(record.mail());
            }
        });
        return recorded;
    }
}
