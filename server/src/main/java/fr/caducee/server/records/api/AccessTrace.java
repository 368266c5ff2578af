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
import fr.caducee.records.access.AccessMode;
import fr.caducee.records.access.AccessRequest;
import fr.caducee.rules.Rule;

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
        trace(patientIns, "search", Optional.empty(), request, remote, "api");
    }

    void read(String patientIns, UUID document, AccessRequest request, String remote) throws SQLException {
        trace(patientIns, "read", Optional.of(document), request, remote, "api");
    }

    /** A search of the record through another door than the API ({@code via}: {@code webmail}), traced alike. */
    public void searched(String patientIns, AccessRequest request, String remote, String via) throws SQLException {
        trace(patientIns, "search", Optional.empty(), request, remote, via);
    }

    /** A read of a document through another door than the API ({@code via}: {@code webmail}), traced alike. */
    public void read(String patientIns, UUID document, AccessRequest request, String remote, String via)
            throws SQLException {
        trace(patientIns, "read", Optional.of(document), request, remote, via);
    }

    /** The catalogue's rule of an access: what was done, in which mode. */
    static Rule rule(String action, AccessMode mode) {
        boolean read = action.equals("read");
        return switch (mode) {
            case NORMAL -> read ? Rule.RECORD_READ_NORMAL : Rule.RECORD_SEARCH_NORMAL;
            case EMERGENCY -> read ? Rule.RECORD_READ_EMERGENCY : Rule.RECORD_SEARCH_EMERGENCY;
            case REGULATOR -> read ? Rule.RECORD_READ_REGULATOR : Rule.RECORD_SEARCH_REGULATOR;
            case PATIENT -> read ? Rule.RECORD_READ_PATIENT : Rule.RECORD_SEARCH_PATIENT;
        };
    }

    private void trace(String patientIns, String action, Optional<UUID> document, AccessRequest request, String remote,
                       String via) throws SQLException {
        Instant at = Instant.now();
        audit.append(AuditRecord.builder(Decision.RECORD_ACCESSED).time(at).via(via)
            .rule(rule(action, request.mode()).id())
            .reason(request.reader().id() + " " + action + " record " + patientIns
                + document.map(id -> " document " + id).orElse("")
                + request.justification().map(why -> "; justification: " + why).orElse(""))
            .login(request.reader().box()).recipients(List.of(patientIns)).remote(remote).build());
        if (tables.trace(patientIns, action, document, request)) {
            notice.send(patientIns, request, at);
        }
    }
}
