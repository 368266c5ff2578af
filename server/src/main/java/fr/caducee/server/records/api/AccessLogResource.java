package fr.caducee.server.records.api;

import java.sql.SQLException;
import java.util.List;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.Decision;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.records.access.PatientChoices;
import fr.caducee.records.access.Reader;
import fr.caducee.server.api.ApiAnswer;
import fr.caducee.server.api.ApiCall;
import fr.caducee.server.api.ApiRefusal;
import fr.caducee.server.api.ApiResource;
import fr.caducee.rules.Rule;

/**
 * The record's access log, {@code GET /records/access-log?patient=<INS>}, newest first: who searched or read, when,
 * which document, in which mode and why. Read by the patient and by the GP they declared; the patient does not see
 * which document was read when it is one invisible to them (they see the access).
 */
public class AccessLogResource implements ApiResource {
    static final int MAX_ENTRIES = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordReaders readers;
    private final RecordTables tables;
    private final AuditTrail audit;

    @Inject
    public AccessLogResource(RecordReaders readers, RecordTables tables, AuditTrail audit) {
        this.readers = readers;
        this.tables = tables;
        this.audit = audit;
    }

    @Override
    public String path() {
        return "/records/access-log";
    }

    @Override
    public ApiAnswer answer(ApiCall call) throws ApiRefusal {
        if (!call.method().equals("GET") || !call.rest().isEmpty()) {
            throw ApiRefusal.of(Rule.API_METHOD_NOT_ALLOWED, "The access log is read with GET /records/access-log?patient=<INS>");
        }
        call.onlyParameters(List.of("patient"));
        String ins = call.parameter("patient").filter(Ins::isValid).map(value -> Ins.parse(value).matricule())
            .orElseThrow(() -> ApiRefusal.of(Rule.RECORD_PATIENT_IDENTIFIER, "Name the patient: patient=<INS>"));
        Reader reader = readers.readerOf(call.caller());
        try {
            PatientChoices choices = tables.choices(ins);
            boolean patient = reader instanceof Reader.Patient own && own.ins().equals(ins);
            boolean gp = reader instanceof Reader.Professional professional
                && choices.gpIdNat().filter(professional.idNat()::equals).isPresent();
            if (!patient && !gp) {
                throw ApiRefusal.of(Rule.RECORD_LOG_NOT_YOURS, "A record's access log is read by its patient and "
                    + "by the GP (médecin traitant) they declared");
            }
            audit.append(AuditRecord.builder(Decision.RECORD_ACCESSED).via("api").rule(Rule.RECORD_LOG_READ.id())
                .reason(reader.id() + " read the access log of record " + ins).login(reader.box())
                .recipients(List.of(ins)).remote(call.caller().remote()).build());
            ObjectNode log = JSON.createObjectNode().put("patient", ins);
            ArrayNode entries = log.putArray("entries");
            for (AccessEntry entry : tables.accessLog(ins, MAX_ENTRIES)) {
                ObjectNode row = entries.addObject().put("time", entry.at().toString()).put("action", entry.action());
                if (entry.documentId().isPresent() && !(patient && entry.documentInvisibleToPatient())) {
                    row.putObject("document").put("id", entry.documentId().get().toString())
                        .put("title", entry.documentTitle().orElse(""));
                }
                ObjectNode who = row.putObject("reader").put("id", entry.reader());
                entry.readerBox().ifPresent(box -> who.put("box", box));
                entry.profession().ifPresent(code -> who.put("profession", code));
                row.put("mode", entry.mode());
                entry.justification().ifPresent(why -> row.put("justification", why));
            }
            return ApiAnswer.json(200, JSON.writeValueAsString(log));
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("reading the access log of " + ins, e);
        }
    }
}
