package fr.caducee.server.directory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.webadmin.Routes;
import org.eclipse.jetty.http.HttpStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.store.DirectoryRefusal;
import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.domain.directory.store.WriteOutcome;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Administration of the directory over WebAdmin (JSON):
 * <pre>
 * GET  /directory/boxes?after=&amp;limit=        PUT/GET /directory/boxes/{address}
 * POST /directory/boxes/{address}/suspend       POST /directory/boxes/{address}/activate
 * PUT  /directory/boxes/{address}/password      {"password": "..."}
 * GET  /directory/professionals?after=&amp;limit= PUT/GET /directory/professionals/{idNat}
 * GET  /directory/structures?after=&amp;limit=    PUT/GET /directory/structures/{nationalId}
 * GET  /directory/patients?after=&amp;limit=      PUT/GET /directory/patients/{ins}
 * PUT  /directory/patients/{ins}/password       POST /directory/patients/{ins}/dispensings
 * </pre>
 * A PUT answers 201 when it created the record, 200 otherwise, with the record as stored. Refusals answer 400
 * (invalid field or unknown reference), 404, 409 (duplicate, immutable type) or 503 (directory unreachable),
 * always with a message naming the record and the field.
 */
public class DirectoryRoutes implements Routes {

    static final String BASE = "/directory";
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;

    private final DirectoryStore store;
    private final Directory directory;
    private final DirectoryPasswords passwords;
    private final DomainList domains;
    private final Clock clock;

    @Inject
    public DirectoryRoutes(DirectoryStore store, Directory directory, DirectoryPasswords passwords, DomainList domains) {
        this(store, directory, passwords, domains, Clock.systemUTC());
    }

    DirectoryRoutes(DirectoryStore store, Directory directory, DirectoryPasswords passwords, DomainList domains,
                    Clock clock) {
        this.store = store;
        this.directory = directory;
        this.passwords = passwords;
        this.domains = domains;
        this.clock = clock;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        DirectoryErrors.install(service);
        service.get(BASE + "/boxes", json(request -> DirectoryJson.array(
            store.boxes(after(request, BoxAddress::parse), limit(request)), DirectoryJson::box)));
        service.get(BASE + "/boxes/:address", json(request -> DirectoryJson.box(
            store.box(address(request)).orElseThrow(() -> notFound("box " + address(request))))));
        service.put(BASE + "/boxes/:address", this::putBox);
        service.post(BASE + "/boxes/:address/suspend", (request, response) -> setStatus(request, response, BoxStatus.SUSPENDED));
        service.post(BASE + "/boxes/:address/activate", (request, response) -> setStatus(request, response, BoxStatus.ACTIVE));
        service.put(BASE + "/boxes/:address/password", (request, response) -> setPassword(address(request), request, response));

        service.get(BASE + "/professionals", json(request -> DirectoryJson.array(
            store.professionals(after(request, IdNat::parse), limit(request)), DirectoryJson::professional)));
        service.get(BASE + "/professionals/:idNat", json(request -> DirectoryJson.professional(
            store.professional(idNat(request)).orElseThrow(() -> notFound("professional " + idNat(request).value())))));
        service.put(BASE + "/professionals/:idNat", this::putProfessional);

        service.get(BASE + "/structures", json(request -> DirectoryJson.array(
            store.structures(after(request, StructureId::parseNational), limit(request)), DirectoryJson::structure)));
        service.get(BASE + "/structures/:id", json(request -> DirectoryJson.structure(
            store.structure(structureId(request)).orElseThrow(() -> notFound("structure " + request.params(":id"))))));
        service.put(BASE + "/structures/:id", this::putStructure);

        service.get(BASE + "/patients", json(request -> DirectoryJson.array(
            store.patients(after(request, Ins::parse), limit(request)), DirectoryJson::patient)));
        service.get(BASE + "/patients/:ins", json(request -> DirectoryJson.patient(
            store.patient(ins(request)).orElseThrow(() -> notFound("patient " + ins(request).matricule())))));
        service.put(BASE + "/patients/:ins", this::putPatient);
        service.put(BASE + "/patients/:ins/password", (request, response) -> {
            Patient patient = store.patient(ins(request)).orElseThrow(() -> notFound("patient " + ins(request).matricule()));
            return setPassword(patient.boxAddress(), request, response);
        });
        service.post(BASE + "/patients/:ins/dispensings", this::addDispensing);
    }

    private Object putBox(Request request, Response response) throws Exception {
        BoxAddress address = address(request);
        JsonNode body = body(request);
        Optional<Box> existing = store.box(address);
        Box box = DirectoryJson.box(address, body, existing.map(Box::created).orElse(clock.instant()));
        if (!domains.containsDomain(Domain.of(address.domain()))) {
            throw new DirectoryErrors.BadRequest("box " + address + ": domain " + address.domain()
                + " is not a domain of this server (add it with PUT /domains/" + address.domain() + ")");
        }
        WriteOutcome outcome = store.putBox(box);
        directory.forget(address);
        return written(response, outcome, DirectoryJson.box(store.box(address).orElse(box)));
    }

    private Object setStatus(Request request, Response response, BoxStatus status) {
        BoxAddress address = address(request);
        Box box = store.box(address).orElseThrow(() -> notFound("box " + address));
        store.putBox(box.withStatus(status));
        directory.forget(address);
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private Object setPassword(BoxAddress login, Request request, Response response) throws Exception {
        if (directory.account(login).isEmpty()) {
            throw notFound("box " + login);
        }
        passwords.set(login, DirectoryJson.required(body(request), "password"));
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private Object putProfessional(Request request, Response response) throws Exception {
        IdNat idNat = idNat(request);
        WriteOutcome outcome = store.putProfessional(DirectoryJson.professional(idNat, body(request)));
        directory.forget(idNat);
        return written(response, outcome, DirectoryJson.professional(store.professional(idNat).orElseThrow()));
    }

    private Object putStructure(Request request, Response response) throws Exception {
        StructureId id = structureId(request);
        WriteOutcome outcome = store.putStructure(DirectoryJson.structure(id, body(request)));
        directory.forget(id);
        return written(response, outcome, DirectoryJson.structure(store.structure(id).orElseThrow()));
    }

    private Object putPatient(Request request, Response response) throws Exception {
        Ins ins = ins(request);
        JsonNode body = body(request);
        Optional<Patient> existing = store.patient(ins);
        String domain = DirectoryJson.optional(body, "domain")
            .or(() -> existing.map(p -> p.address().operatorDomain()))
            .orElseGet(this::onlyOperatorDomain);
        Patient patient = DirectoryJson.patient(ins, body, domain,
            existing.map(Patient::created).orElse(clock.instant()), existing);
        if (!domains.containsDomain(Domain.of(patient.boxAddress().domain()))) {
            throw new DirectoryErrors.BadRequest("patient " + ins.matricule() + ": domain " + patient.boxAddress().domain()
                + " is not a domain of this server");
        }
        WriteOutcome outcome = store.putPatient(patient);
        directory.forget(patient.boxAddress());
        return written(response, outcome, DirectoryJson.patient(store.patient(ins).orElseThrow()));
    }

    private Object addDispensing(Request request, Response response) throws Exception {
        Ins ins = ins(request);
        store.addDispensing(ins, DirectoryJson.dispensing(body(request)));
        directory.forget(ins);
        response.status(HttpStatus.CREATED_201);
        response.type("application/json");
        return DirectoryJson.patient(store.patient(ins).orElseThrow()).toString();
    }

    /** The operator domain of patient boxes when only one {@code patient.<domain>} is configured. */
    private String onlyOperatorDomain() {
        try {
            List<String> candidates = domains.getDomains().stream()
                .map(domain -> domain.asString())
                .filter(PatientAddress::isPatientDomain)
                .map(domain -> domain.substring(PatientAddress.DOMAIN_PREFIX.length()))
                .toList();
            if (candidates.size() != 1) {
                throw new DirectoryErrors.BadRequest("domain is missing: say on which operator domain the patient's box is "
                    + "(this server has " + candidates.size() + " patient domains)");
            }
            return candidates.get(0);
        } catch (DomainListException e) {
            throw new IllegalStateException("the domain list cannot be read", e);
        }
    }

    private static String written(Response response, WriteOutcome outcome, ObjectNode record) {
        response.status(outcome == WriteOutcome.ADDED ? HttpStatus.CREATED_201 : HttpStatus.OK_200);
        response.type("application/json");
        return record.toString();
    }

    private static spark.Route json(Function<Request, JsonNode> handler) {
        return (request, response) -> {
            response.type("application/json");
            return handler.apply(request).toString();
        };
    }

    private static JsonNode body(Request request) throws Exception {
        try {
            JsonNode node = DirectoryJson.MAPPER.readTree(request.body());
            if (node == null || !node.isObject()) {
                throw new DirectoryErrors.BadRequest("the request body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DirectoryErrors.BadRequest("the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static <T> Optional<T> after(Request request, Function<String, T> parser) {
        return Optional.ofNullable(request.queryParams("after")).filter(s -> !s.isBlank()).map(parser);
    }

    private static int limit(Request request) {
        String value = request.queryParams("limit");
        if (value == null) {
            return DEFAULT_PAGE;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_PAGE) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new DirectoryErrors.BadRequest("limit must be a number from 1 to " + MAX_PAGE + ", was '" + value + "'");
    }

    private static BoxAddress address(Request request) {
        return BoxAddress.parse(request.params(":address"));
    }

    private static IdNat idNat(Request request) {
        return IdNat.parse(request.params(":idNat"));
    }

    private static StructureId structureId(Request request) {
        return StructureId.parseNational(request.params(":id"));
    }

    private static Ins ins(Request request) {
        return Ins.parse(request.params(":ins"));
    }

    private static DirectoryRefusal notFound(String what) {
        return new DirectoryRefusal(DirectoryRefusal.Reason.NOT_FOUND, what + " is not in the directory");
    }
}
