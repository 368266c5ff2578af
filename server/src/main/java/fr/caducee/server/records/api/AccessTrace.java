package fr.caducee.server.records.api;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.Decision;
import fr.caducee.records.access.AccessRequest;

/**
 * Every search and read of a record, traced before it is answered: a row of the record's access log (which the
 * patient and their GP read), a record of the audit trail, and at the first access by a reader new to the record,
 * the patient told ({@link FirstAccessNotice}).
 */
public class AccessTrace {
    private final RecordTables tables;
    private final AuditTrail audit;
    private final FirstAccessNotice notice;

    @Inject
    public AccessTrace(RecordTables tables, AuditTrail audit, FirstAccessNotice notice) {
        this.tables = tables;
        this.audit = audit;
        this.notice = notice;
    }

    void searched(String patientIns, AccessRequest request, String remote) throws SQLException {
        trace(patientIns, "search", Optional.empty(), request, remote);
    }

    void read(String patientIns, UUID document, AccessRequest request, String remote) throws SQLException {
        trace(patientIns, "read", Optional.of(document), request, remote);
    }

    private void trace(String patientIns, String action, Optional<UUID> document, AccessRequest request, String remote)
            throws SQLException {
        Instant at = Instant.now();
        audit.append(AuditRecord.builder(Decision.RECORD_ACCESSED).time(at).via("api")
            .rule("record-" + action + "-" + request.mode().stored())
            .reason(request.reader().id() + " " + action + " record " + patientIns
                + document.map(id -> " document " + id).orElse("")
                + request.justification().map(why -> "; justification: " + why).orElse(""))
            .login(request.reader().box()).recipients(List.of(patientIns)).remote(remote).build());
        if (tables.trace(patientIns, action, document, request)) {
            notice.send(patientIns, request, at);
        }
    }
}
