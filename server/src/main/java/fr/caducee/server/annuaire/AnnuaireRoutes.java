package fr.caducee.server.annuaire;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.server.settings.Setting;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The publication to the national directory, for the operator, on WebAdmin behind its token like every route:
 * <pre>
 * GET  /annuaire/publications?state=pending|refused|published&amp;limit=   what waits, what was refused, what is published
 * POST /annuaire/republish[?box=address]                               every box of the directory (or one) published again
 * </pre>
 * The listing gives the count per state and, oldest change first (at most {@code limit}, 1,000 by default), each
 * box: its state, the latest request (operation, HTTP status), the attempts since its latest change, the next
 * attempt (pending), the last error, the OperationOutcome's text of a refusal, where the Annuaire holds it.
 * Republishing marks every box of the directory as of unknown state in the Annuaire: each is then sent as a delete
 * and an insert in one request (or a delete, when suspended), whatever was sent before; {@code 202} with the count,
 * {@code 409} when publication is off ({@code caducee.annuaire.url} empty).
 */
public class AnnuaireRoutes implements Routes {
    private static final Logger LOGGER = LoggerFactory.getLogger(AnnuaireRoutes.class);
    static final String BASE = "/annuaire";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 1000;
    private static final List<String> STATES = List.of(JdbcPublications.PENDING, JdbcPublications.REFUSED,
        JdbcPublications.PUBLISHED);

    private final JdbcPublications queue;
    private final DirectoryStore directory;
    private final AnnuaireSettings settings;

    @Inject
    public AnnuaireRoutes(JdbcPublications queue, DirectoryStore directory, AnnuaireSettings settings) {
        this.queue = queue;
        this.directory = directory;
        this.settings = settings;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE + "/publications", this::list);
        service.post(BASE + "/republish", this::republish);
    }

    private Object list(Request request, Response response) throws JsonProcessingException {
        Optional<String> state = Optional.ofNullable(request.queryParams("state")).filter(s -> !s.isBlank());
        if (state.isPresent() && !STATES.contains(state.get())) {
            return error(response, 400, "InvalidArgument", "state must be one of " + String.join(", ", STATES)
                + ", was '" + state.get() + "'");
        }
        int limit;
        try {
            limit = Optional.ofNullable(request.queryParams("limit")).map(Integer::parseInt).orElse(PAGE);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 10 * PAGE) {
            return error(response, 400, "InvalidArgument", "limit must be a number from 1 to " + 10 * PAGE);
        }
        try {
            List<Map<String, Object>> publications = new ArrayList<>();
            for (JdbcPublications.Listed row : queue.list(state, limit)) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("box", row.box());
                entry.put("state", row.state());
                entry.put("operation", row.operation().orElse(null));
                entry.put("status", row.lastStatus().orElse(null));
                entry.put("attempts", row.attempts());
                entry.put("changedAt", row.changedAt().toString());
                entry.put("nextAttempt", row.nextAttempt().map(Object::toString).orElse(null));
                entry.put("lastError", row.lastError().orElse(null));
                entry.put("outcome", row.outcome().orElse(null));
                entry.put("publishedAt", row.publishedAt().map(Object::toString).orElse(null));
                entry.put("heldAt", row.heldAt().orElse(null));
                publications.add(entry);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("publishing", settings.url().map(Object::toString).orElse(null));
            answer.put("counts", queue.counts());
            answer.put("publications", publications);
            response.status(200);
            response.type("application/json");
            return JSON.writeValueAsString(answer);
        } catch (SQLException e) {
            LOGGER.warn("GET {}/publications: the database cannot be reached: {}", BASE, e.toString());
            return error(response, 503, "ServerError", "the database cannot be reached: try again");
        }
    }

    private Object republish(Request request, Response response) throws JsonProcessingException {
        if (!settings.on()) {
            return error(response, 409, "WrongState", "publication to the national directory is off: set "
                + Setting.ANNUAIRE_URL.key() + " to the API MSSanté's address, then republish");
        }
        int count = 0;
        String one = request.queryParams("box");
        if (one != null && !one.isBlank()) {
            BoxAddress box = BoxAddress.parse(one);
            if (directory.box(box).isEmpty()) {
                return error(response, 404, "NotFound", "box " + box + " is not in the directory");
            }
            try {
                queue.republish(List.of(box));
            } catch (SQLException e) {
                return error(response, 503, "ServerError", "the database cannot be reached: try again");
            }
            response.status(202);
            response.type("application/json");
            return JSON.writeValueAsString(Map.of("boxes", 1));
        }
        try {
            Optional<BoxAddress> after = Optional.empty();
            while (true) {
                List<Box> page = directory.boxes(after, PAGE);
                if (page.isEmpty()) {
                    break;
                }
                queue.republish(page.stream().map(Box::address).toList());
                count += page.size();
                after = Optional.of(page.get(page.size() - 1).address());
            }
        } catch (SQLException e) {
            LOGGER.warn("POST {}/republish stopped after {} boxes: the database cannot be reached: {}", BASE, count,
                e.toString());
            return error(response, 503, "ServerError", "the database cannot be reached after " + count
                + " boxes; republishing again is safe");
        }
        LOGGER.info("Every box of the directory ({}) will be published again to the national directory (by {})", count,
            (Object) request.attribute(AuthenticationFilter.LOGIN));
        response.status(202);
        response.type("application/json");
        return JSON.writeValueAsString(Map.of("boxes", count));
    }

    private static String error(Response response, int status, String type, String message) throws JsonProcessingException {
        response.status(status);
        response.type("application/json");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", status);
        body.put("type", type);
        body.put("message", message);
        return JSON.writeValueAsString(body);
    }
}
