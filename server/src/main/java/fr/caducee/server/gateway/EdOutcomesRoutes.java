package fr.caducee.server.gateway;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.authentication.AuthenticationFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.gateway.DependencyUnavailableException;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@link EdOutcomes} on WebAdmin, behind the operator's token like every route:
 * {@code GET /gateway/ed-notifications?day=YYYY-MM-DD[&hospital=<box>]}, every declared hospital when none is named.
 */
public class EdOutcomesRoutes implements Routes {
    static final String PATH = "/gateway/ed-notifications";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EdOutcomes outcomes;

    @Inject
    public EdOutcomesRoutes(EdOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    public String getBasePath() {
        return PATH;
    }

    @Override
    public void define(Service service) {
        service.get(PATH, this::answer);
    }

    private Object answer(Request request, Response response) throws Exception {
        response.type("application/json");
        try {
            LocalDate day = EdOutcomes.day(request.queryParams("day"));
            String hospital = request.queryParams("hospital");
            List<GatewaySettings.Hospital> hospitals = hospital == null || hospital.isBlank()
                ? outcomes.everyHospital() : List.of(outcomes.hospital(hospital));
            return outcomes.read(day, hospitals, "webadmin", request.attribute(AuthenticationFilter.LOGIN), request.ip());
        } catch (EdOutcomes.Unanswerable e) {
            response.status(e.unknownHospital() ? 404 : 400);
            return JSON.writeValueAsString(Map.of("statusCode", response.status(), "message", e.getMessage()));
        } catch (DependencyUnavailableException e) {
            response.status(503);
            return JSON.writeValueAsString(Map.of("statusCode", 503, "message",
                "The gateway's tables cannot be read now: try again in a minute"));
        }
    }
}
