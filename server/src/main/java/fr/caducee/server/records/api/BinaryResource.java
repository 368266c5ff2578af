package fr.caducee.server.records.api;

import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;

import fr.caducee.records.access.AccessRequest;
import fr.caducee.records.access.AccessRules;
import fr.caducee.records.access.Reader;
import fr.caducee.server.api.ApiAnswer;
import fr.caducee.server.api.ApiCall;
import fr.caducee.server.api.ApiRefusal;
import fr.caducee.server.api.ApiResource;
import fr.caducee.rules.Rule;

/**
 * IHE MHD "Retrieve Document" (ITI-68): {@code GET /fhir/Binary/<id>}, the URL of a DocumentReference's attachment,
 * answers the document's bytes with their media type, once the read is traced. A document the reader may not see
 * is answered as one that does not exist (404); one their profession does not read outside an emergency, 403.
 */
public class BinaryResource implements ApiResource {
    private final RecordReaders readers;
    private final RecordTables tables;
    private final AccessRules rules;
    private final AccessTrace trace;

    @Inject
    public BinaryResource(RecordReaders readers, RecordTables tables, AccessRules rules, AccessTrace trace) {
        this.readers = readers;
        this.tables = tables;
        this.rules = rules;
        this.trace = trace;
    }

    @Override
    public String path() {
        return "/fhir/Binary";
    }

    @Override
    public ApiAnswer answer(ApiCall call) throws ApiRefusal {
        if (!call.method().equals("GET")) {
            throw ApiRefusal.of(Rule.API_METHOD_NOT_ALLOWED, "A document is retrieved with GET");
        }
        call.onlyParameters(java.util.List.of());
        UUID id = id(call.rest());
        AccessRequest request = AccessRequests.of(call, readers.readerOf(call.caller()));
        try {
            StoredDocument document = tables.document(id).orElseThrow(BinaryResource::noSuchDocument);
            AccessRules.Verdict verdict = rules.verdict(request, document.forRules());
            if (verdict == AccessRules.Verdict.HIDDEN) {
                throw noSuchDocument();
            }
            DocumentReferenceResource.refuseIfAny(rules.openRecord(request, document.patientIns(),
                tables.choices(document.patientIns())));
            switch (verdict) {
                case HIDDEN -> throw noSuchDocument();
                case NOT_FOR_PROFESSION -> {
                    var refusal = rules.notForProfession((Reader.Professional) request.reader(), document.typeCode());
                    throw new ApiRefusal(refusal.status(), refusal.rule(), refusal.sentence());
                }
                case SHOWN -> { }
            }
            trace.read(document.patientIns(), id, request, call.caller().remote());
            return ApiAnswer.bytes(document.mediaType(), tables.content(id));
        } catch (SQLException e) {
            throw new IllegalStateException("reading document " + id, e);
        }
    }

    private static UUID id(String rest) throws ApiRefusal {
        try {
            return UUID.fromString(rest.startsWith("/") ? rest.substring(1) : rest);
        } catch (IllegalArgumentException e) {
            throw noSuchDocument();
        }
    }

    private static ApiRefusal noSuchDocument() {
        return ApiRefusal.of(Rule.RECORD_NO_SUCH_DOCUMENT, "No document of yours to read here: search the "
            + "record again (GET /fhir/DocumentReference) for the current links");
    }
}
