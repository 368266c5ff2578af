package fr.caducee.server.records.api;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import fr.caducee.domain.identifier.Ins;
import fr.caducee.records.DocumentStatus;
import fr.caducee.records.access.AccessRequest;
import fr.caducee.records.access.AccessRules;
import fr.caducee.records.access.PatientChoices;
import fr.caducee.server.api.ApiAnswer;
import fr.caducee.server.api.ApiCall;
import fr.caducee.server.api.ApiRefusal;
import fr.caducee.server.api.ApiResource;
import fr.caducee.rules.Rule;

/**
 * IHE MHD "Find Document References" (ITI-67): {@code GET /fhir/DocumentReference?patient.identifier=urn:oid:<INS
 * OID>|<INS>}, with optional {@code status} ({@code current}, the default, and/or {@code superseded}), {@code type}
 * ({@code http://loinc.org|<code>}) and {@code date} (when deposited: {@code ge}, {@code gt}, {@code le}, {@code lt},
 * {@code eq} and a date or an instant, repeatable). Only what the reader may see is returned; the search is traced.
 */
public class DocumentReferenceResource implements ApiResource {
    static final List<String> PARAMETERS = List.of("patient.identifier", "status", "type", "date", "_format");
    private static final Set<String> INS_OIDS = Set.of(Ins.NIR_OID, Ins.NIA_OID, Ins.TEST_OID, Ins.DEMO_OID);

    private final RecordReaders readers;
    private final RecordTables tables;
    private final AccessRules rules;
    private final AccessTrace trace;

    @Inject
    public DocumentReferenceResource(RecordReaders readers, RecordTables tables, AccessRules rules, AccessTrace trace) {
        this.readers = readers;
        this.tables = tables;
        this.rules = rules;
        this.trace = trace;
    }

    @Override
    public String path() {
        return "/fhir/DocumentReference";
    }

    @Override
    public ApiAnswer answer(ApiCall call) throws ApiRefusal {
        if (!call.rest().isEmpty()) {
            throw ApiRefusal.of(Rule.RECORD_NO_SUCH_DOCUMENT, "Search with GET /fhir/DocumentReference?"
                + "patient.identifier=..., then retrieve a document at its content.attachment.url");
        }
        if (!call.method().equals("GET")) {
            throw ApiRefusal.of(Rule.API_METHOD_NOT_ALLOWED, "DocumentReference is searched with GET");
        }
        call.onlyParameters(PARAMETERS);
        if (call.parameter("_format").filter(format -> !format.contains("json")).isPresent()) {
            throw ApiRefusal.of(Rule.API_FORMAT_UNSUPPORTED, "Only JSON is served: _format=json");
        }
        String ins = patient(call.parameter("patient.identifier").orElseThrow(() -> ApiRefusal.of(
            Rule.RECORD_PATIENT_MISSING, "Name the patient: patient.identifier=urn:oid:1.2.250.1.213.1.4.8|<INS>")));
        Set<DocumentStatus> statuses = statuses(call.parameter("status"));
        Optional<String> type = type(call.parameter("type"));
        Instant[] dates = dates(call.parameters().getOrDefault("date", List.of()));

        AccessRequest request = AccessRequests.of(call, readers.readerOf(call.caller()));
        try {
            PatientChoices choices = tables.choices(ins);
            refuseIfAny(rules.openRecord(request, ins, choices));
            if (type.isPresent()) {
                refuseIfAny(rules.searchType(request, type.get()));
            }
            List<StoredDocument> shown = tables.search(ins, statuses, type, Optional.ofNullable(dates[0]),
                    Optional.ofNullable(dates[1])).stream()
                .filter(document -> rules.verdict(request, document.forRules()) == AccessRules.Verdict.SHOWN)
                .toList();
            trace.searched(ins, request, call.caller().remote());
            return ApiAnswer.fhir(200, MhdDocuments.searchSet(shown, call.baseUrl()));
        } catch (SQLException e) {
            throw new IllegalStateException("searching the record of " + ins, e);
        }
    }

    static void refuseIfAny(Optional<fr.caducee.records.access.AccessRefusal> refusal) throws ApiRefusal {
        if (refusal.isPresent()) {
            throw new ApiRefusal(refusal.get().status(), refusal.get().rule(), refusal.get().sentence());
        }
    }

    private static String patient(String identifier) throws ApiRefusal {
        int bar = identifier.indexOf('|');
        String system = bar < 0 ? "" : identifier.substring(0, bar).replaceFirst("^urn:oid:", "");
        String value = identifier.substring(bar + 1);
        if (!INS_OIDS.contains(system)) {
            throw ApiRefusal.of(Rule.RECORD_PATIENT_IDENTIFIER, "patient.identifier is <INS OID>|<INS>, the OID "
                + "being " + Ins.NIR_OID + " (NIR), " + Ins.NIA_OID + " (NIA), " + Ins.TEST_OID + " or " + Ins.DEMO_OID);
        }
        if (!Ins.isValid(value)) {
            throw ApiRefusal.of(Rule.RECORD_PATIENT_IDENTIFIER, "'" + value + "' is not an INS (15 characters, "
                + "its last two the key)");
        }
        return Ins.parse(value).matricule();
    }

    private static Set<DocumentStatus> statuses(Optional<String> given) throws ApiRefusal {
        if (given.isEmpty()) {
            return EnumSet.of(DocumentStatus.CURRENT);
        }
        Set<DocumentStatus> statuses = EnumSet.noneOf(DocumentStatus.class);
        for (String status : given.get().split(",")) {
            switch (status.strip()) {
                case "current" -> statuses.add(DocumentStatus.CURRENT);
                case "superseded" -> statuses.add(DocumentStatus.SUPERSEDED);
                default -> throw ApiRefusal.of(Rule.RECORD_STATUS_UNKNOWN,
                    "status is current or superseded (deleted documents are never shown), not " + status.strip());
            }
        }
        return statuses;
    }

    private static Optional<String> type(Optional<String> given) throws ApiRefusal {
        if (given.isEmpty()) {
            return Optional.empty();
        }
        String value = given.get();
        int bar = value.indexOf('|');
        if (bar >= 0 && !value.substring(0, bar).equals(MhdDocuments.LOINC)) {
            throw ApiRefusal.of(Rule.RECORD_TYPE_SYSTEM, "type is a LOINC code: http://loinc.org|<code>");
        }
        String code = value.substring(bar + 1);
        if (!code.matches("\\d{1,7}-\\d")) {
            throw ApiRefusal.of(Rule.RECORD_TYPE_SYSTEM, "'" + code + "' is not a LOINC code (e.g. 11502-2)");
        }
        return Optional.of(code);
    }

    /** [from inclusive, to exclusive], either null when unbounded. */
    private static Instant[] dates(List<String> given) throws ApiRefusal {
        Instant[] bounds = new Instant[2];
        for (String value : given) {
            String prefix = value.length() > 2 && Character.isLetter(value.charAt(0)) ? value.substring(0, 2) : "eq";
            String when = prefix.equals("eq") && !value.startsWith("eq") ? value : value.substring(2);
            Instant start;
            Instant end;
            try {
                if (when.length() == 10) {
                    start = LocalDate.parse(when).atStartOfDay().toInstant(ZoneOffset.UTC);
                    end = start.plusSeconds(86_400);
                } else {
                    start = java.time.OffsetDateTime.parse(when).toInstant();
                    end = start.plusNanos(1000);
                }
            } catch (DateTimeParseException e) {
                throw ApiRefusal.of(Rule.RECORD_DATE_UNREADABLE, "date is a prefix (ge, gt, le, lt, eq) and "
                    + "a date (2026-12-07) or an instant with its offset, not " + value);
            }
            switch (prefix) {
                case "ge" -> bounds[0] = start;
                case "gt" -> bounds[0] = end;
                case "le" -> bounds[1] = end;
                case "lt" -> bounds[1] = start;
                case "eq" -> {
                    bounds[0] = start;
                    bounds[1] = end;
                }
                default -> throw ApiRefusal.of(Rule.RECORD_DATE_UNREADABLE,
                    "date's prefix is ge, gt, le, lt or eq, not " + prefix);
            }
        }
        return bounds;
    }
}
