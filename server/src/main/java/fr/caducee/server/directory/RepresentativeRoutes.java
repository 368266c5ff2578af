package fr.caducee.server.directory;

import java.util.List;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ArrayNode;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.Decision;
import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.store.DirectoryRefusal;
import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.model.Patient;
import fr.caducee.rules.Rule;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Who represents whom, over WebAdmin: a patient's legal representatives (a child's parents) are other patients of
 * this operator, who open the patient's box in the webmail after logging in to their own.
 * <pre>
 * GET    /directory/patients/{ins}/representatives                      the representatives, as patients
 * PUT    /directory/patients/{ins}/representatives/{representativeIns}  201 recorded, 200 already so
 * DELETE /directory/patients/{ins}/representatives/{representativeIns}  204 removed, 404 was not one
 * </pre>
 * Refusals as every directory route: 400 for an INS that is not valid (its key) or a patient named as their own
 * representative, 404 for an unknown patient or a representative that is no patient here. Each change is in the
 * audit trail ({@code representative-added} / {@code -removed}) with the administrator's login and both boxes, on
 * disk before the answer; the cache forgets the representative at once, so the webmail sees the change at their
 * next request.
 */
public class RepresentativeRoutes implements Routes {
    private static final Logger LOGGER = LoggerFactory.getLogger(RepresentativeRoutes.class);
    static final String BASE = DirectoryRoutes.BASE + "/patients";
    private static final String ONE = BASE + "/:ins/representatives/:representative";

    private final DirectoryStore store;
    private final Directory directory;
    private final AuditTrail trail;

    @Inject
    public RepresentativeRoutes(DirectoryStore store, Directory directory, AuditTrail trail) {
        this.store = store;
        this.directory = directory;
        this.trail = trail;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        DirectoryErrors.install(service);
        service.get(BASE + "/:ins/representatives", this::list);
        service.put(ONE, this::add);
        service.delete(ONE, this::remove);
    }

    private Object list(Request request, Response response) {
        Ins patient = Ins.parse(request.params(":ins"));
        requirePatient(patient);
        return json(response, representatives(patient));
    }

    private Object add(Request request, Response response) {
        Ins patient = Ins.parse(request.params(":ins"));
        Ins representative = Ins.parse(request.params(":representative"));
        boolean added;
        try {
            added = store.addRepresentative(patient, representative);
        } catch (DirectoryRefusal refusal) {
            // An unknown representative is named in the path: not found, like the patient.
            throw refusal.reason() == DirectoryRefusal.Reason.UNKNOWN_REFERENCE
                ? new DirectoryRefusal(DirectoryRefusal.Reason.NOT_FOUND, refusal.getMessage()) : refusal;
        }
        directory.forget(representative);
        if (added) {
            audit(request, Rule.REPRESENTATIVE_ADDED, patient, representative, "recorded as legal representative");
        }
        response.status(added ? HttpStatus.CREATED_201 : HttpStatus.OK_200);
        return json(response, representatives(patient));
    }

    private Object remove(Request request, Response response) {
        Ins patient = Ins.parse(request.params(":ins"));
        Ins representative = Ins.parse(request.params(":representative"));
        if (!store.removeRepresentative(patient, representative)) {
            throw new DirectoryRefusal(DirectoryRefusal.Reason.NOT_FOUND, "patient " + patient + ": " + representative
                + " is not one of their legal representatives");
        }
        directory.forget(representative);
        audit(request, Rule.REPRESENTATIVE_REMOVED, patient, representative, "no longer legal representative");
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    /** The representatives as patients; one whose record went missing is shown by its INS alone. */
    private ArrayNode representatives(Ins patient) {
        ArrayNode list = DirectoryJson.MAPPER.createArrayNode();
        for (Ins ins : store.representativesOf(patient)) {
            list.add(store.patient(ins).map(DirectoryJson::representative)
                .orElseGet(() -> DirectoryJson.MAPPER.createObjectNode().put("ins", ins.matricule())));
        }
        return list;
    }

    private void requirePatient(Ins patient) {
        if (store.patient(patient).isEmpty()) {
            throw new DirectoryRefusal(DirectoryRefusal.Reason.NOT_FOUND, "patient " + patient
                + " is not in the directory");
        }
    }

    /**
     * Recorded after the change and before the answer: an administrator who gets 201 or 204 knows it is traced. If
     * the trail cannot write, the change stands (the directory made it durable) and the answer says so with 500.
     */
    private void audit(Request request, Rule rule, Ins patient, Ins representative, String what) {
        List<String> boxes = List.of(box(patient), box(representative));
        trail.append(AuditRecord.builder(Decision.DIRECTORY_CHANGED)
            .rule(rule.id())
            .reason("patient " + patient + ": " + representative + " " + what)
            .via("webadmin")
            .login(request.attribute(AuthenticationFilter.LOGIN))
            .recipients(boxes)
            .remote(request.ip())
            .build());
        LOGGER.info("Directory: patient {}: {} {} (by {})", patient, representative, what,
            (Object) request.attribute(AuthenticationFilter.LOGIN));
    }

    /** The patient's box address when known, so that {@code /audit?box=} finds the change; else the INS. */
    private String box(Ins ins) {
        return store.patient(ins).map(Patient::boxAddress).map(address -> address.address()).orElse(ins.matricule());
    }

    private static String json(Response response, ArrayNode body) {
        response.type("application/json");
        return body.toString();
    }
}
