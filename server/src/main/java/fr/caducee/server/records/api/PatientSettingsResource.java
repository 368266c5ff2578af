package fr.caducee.server.records.api;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.Decision;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.records.access.PatientChoices;
import fr.caducee.records.access.Reader;
import fr.caducee.server.api.ApiAnswer;
import fr.caducee.server.api.ApiCall;
import fr.caducee.server.api.ApiRefusal;
import fr.caducee.server.api.ApiResource;
import fr.caducee.rules.Rule;

/**
 * What a patient chooses for their own record, under {@code /records/settings}:
 * <ul>
 *   <li>{@code GET}: the choices;</li>
 *   <li>{@code PUT /emergency} {@code {"refused": true}}: refuse (or allow again) emergency and regulator access;</li>
 *   <li>{@code PUT /gp} {@code {"idNat": "8..."}}, {@code DELETE /gp}: declare their GP, who also reads the access log;</li>
 *   <li>{@code PUT /blocked/<idNat>}, {@code DELETE /blocked/<idNat>}: block a professional, or unblock them.</li>
 * </ul>
 * Each change is audited.
 */
public class PatientSettingsResource implements ApiResource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordReaders readers;
    private final RecordTables tables;
    private final AuditTrail audit;

    @Inject
    public PatientSettingsResource(RecordReaders readers, RecordTables tables, AuditTrail audit) {
        this.readers = readers;
        this.tables = tables;
        this.audit = audit;
    }

    @Override
    public String path() {
        return "/records/settings";
    }

    @Override
    public ApiAnswer answer(ApiCall call) throws ApiRefusal {
        if (!(readers.readerOf(call.caller()) instanceof Reader.Patient patient)) {
            throw ApiRefusal.of(Rule.RECORD_SETTINGS_PATIENT_ONLY, "A record's settings are the patient's: log in "
                + "with the patient's box");
        }
        call.onlyParameters(List.of());
        String ins = patient.ins();
        String what = call.method() + " " + call.rest();
        try {
            if (call.method().equals("GET") && call.rest().isEmpty()) {
                return ApiAnswer.json(200, JSON.writeValueAsString(view(tables.choices(ins))));
            } else if (call.method().equals("PUT") && call.rest().equals("/emergency")) {
                JsonNode refused = body(call).get("refused");
                if (refused == null || !refused.isBoolean()) {
                    throw ApiRefusal.of(Rule.RECORD_SETTINGS_BODY, "Send {\"refused\": true} or {\"refused\": false}");
                }
                tables.refuseEmergency(ins, refused.booleanValue());
            } else if (call.method().equals("PUT") && call.rest().equals("/gp")) {
                tables.declareGp(ins, Optional.of(idNat(Optional.ofNullable(body(call).get("idNat"))
                    .map(JsonNode::asText).orElse(""))));
            } else if (call.method().equals("DELETE") && call.rest().equals("/gp")) {
                tables.declareGp(ins, Optional.empty());
            } else if (call.rest().startsWith("/blocked/") && call.method().equals("PUT")) {
                tables.block(ins, idNat(call.rest().substring("/blocked/".length())));
            } else if (call.rest().startsWith("/blocked/") && call.method().equals("DELETE")) {
                tables.unblock(ins, idNat(call.rest().substring("/blocked/".length())));
            } else {
                throw ApiRefusal.of(Rule.RECORD_SETTINGS_UNKNOWN, "Settings are GET /records/settings, PUT "
                    + "/records/settings/emergency, PUT or DELETE /records/settings/gp and /records/settings/blocked/<idNat>");
            }
            audit.append(AuditRecord.builder(Decision.RECORD_ACCESSED).via("api").rule(Rule.RECORD_SETTINGS_CHANGED.id())
                .reason(ins + " " + what + " " + new String(call.body(), java.nio.charset.StandardCharsets.UTF_8))
                .login(patient.box()).recipients(List.of(ins)).remote(call.caller().remote()).build());
            return ApiAnswer.json(200, JSON.writeValueAsString(view(tables.choices(ins))));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("changing the settings of record " + ins, e);
        }
    }

    private static ObjectNode view(PatientChoices choices) {
        ObjectNode view = JSON.createObjectNode().put("patient", choices.patientIns())
            .put("emergencyRefused", choices.emergencyRefused());
        choices.gpIdNat().ifPresent(gp -> view.put("gp", gp));
        choices.blocked().stream().sorted().forEach(view.putArray("blocked")::add);
        if (!view.has("blocked")) {
            view.putArray("blocked");
        }
        return view;
    }

    private static JsonNode body(ApiCall call) throws ApiRefusal {
        try {
            JsonNode body = JSON.readTree(call.body());
            if (body == null || !body.isObject()) {
                throw ApiRefusal.of(Rule.RECORD_SETTINGS_BODY, "Send a JSON object");
            }
            return body;
        } catch (IOException e) {
            throw ApiRefusal.of(Rule.RECORD_SETTINGS_BODY, "The body is not JSON");
        }
    }

    private static String idNat(String value) throws ApiRefusal {
        try {
            return IdNat.parse(value).value();
        } catch (IllegalArgumentException e) {
            throw ApiRefusal.of(Rule.RECORD_SETTINGS_IDNAT, "'" + value + "' is not a professional's national "
                + "id (8 + RPPS, or 0 + ADELI)");
        }
    }
}
