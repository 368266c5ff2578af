package fr.caducee.webmail.fakes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.rules.Rule;

/** An audit trail that keeps what it is given, and can be made to fail. */
public final class RecordingAudit implements AuditTrail {
    private final List<AuditRecord> records = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    @Override
    public void append(AuditRecord record) {
        if (failing) {
            throw new AuditUnavailableException("the test's trail is failing", null);
        }
        records.add(record);
    }

    public void failing(boolean failing) {
        this.failing = failing;
    }

    public List<AuditRecord> records() {
        return List.copyOf(records);
    }

    public List<AuditRecord> of(Rule rule) {
        return records.stream().filter(record -> rule.id().equals(record.rule())).toList();
    }

    public void clear() {
        records.clear();
    }
}
