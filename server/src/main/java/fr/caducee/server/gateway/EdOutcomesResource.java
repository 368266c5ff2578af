package fr.caducee.server.gateway;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.rules.Rule;
import fr.caducee.server.api.ApiAnswer;
import fr.caducee.server.api.ApiCall;
import fr.caducee.server.api.ApiRefusal;
import fr.caducee.server.api.ApiResource;

/**
 * {@link EdOutcomes} on the HTTPS API, for a hospital: {@code GET /gateway/ed-notifications?day=YYYY-MM-DD}, answered
 * to its APP box (its information system, by certificate or password) and to its emergency department's ORG box or
 * the professionals who may use it; a hospital named with {@code hospital=} must be one the caller may read. Nobody
 * else reads a hospital's arrivals: a caller of no hospital is refused, whatever it names.
 */
public class EdOutcomesResource implements ApiResource {
    static final String PATH = "/gateway/ed-notifications";

    private final EdOutcomes outcomes;
    private final Directory directory;

    @Inject
    public EdOutcomesResource(EdOutcomes outcomes, Directory directory) {
        this.outcomes = outcomes;
        this.directory = directory;
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public ApiAnswer answer(ApiCall call) throws ApiRefusal {
        call.onlyGetOfTheResource("The arrivals are read with GET " + PATH + "?day=YYYY-MM-DD");
        call.onlyParameters(List.of("day", "hospital"));
        BoxAddress login = call.caller().account().address();
        List<GatewaySettings.Hospital> readable = outcomes.everyHospital().stream()
            .filter(hospital -> mayRead(login, hospital)).toList();
        try {
            LocalDate day = EdOutcomes.day(call.parameter("day").orElse(null));
            Optional<String> named = call.parameter("hospital").map(String::strip).filter(value -> !value.isEmpty());
            List<GatewaySettings.Hospital> asked = readable;
            if (named.isPresent()) {
                GatewaySettings.Hospital hospital = readable.stream()
                    .filter(candidate -> candidate.box().address().equalsIgnoreCase(named.get())).findFirst()
                    .orElseThrow(() -> notYours(login));
                asked = List.of(hospital);
            }
            if (asked.isEmpty()) {
                throw notYours(login);
            }
            return ApiAnswer.json(200, outcomes.read(day, asked, "api", login.address(), call.caller().remote()));
        } catch (EdOutcomes.Unanswerable e) {
            throw ApiRefusal.of(Rule.API_ED_NOTIFICATIONS_QUERY, e.getMessage());
        } catch (DependencyUnavailableException e) {
            throw ApiRefusal.of(Rule.API_ED_NOTIFICATIONS_UNAVAILABLE, "The arrivals cannot be read now: try again in "
                + "a minute");
        }
    }

    /** Its information system's APP box, its ED's ORG box, and the professionals who may use that box. */
    private boolean mayRead(BoxAddress login, GatewaySettings.Hospital hospital) {
        if (hospital.box().equals(login)) {
            return true;
        }
        return hospital.edBox().filter(edBox -> edBox.equals(login) || directory.mayWriteAs(login, edBox)).isPresent();
    }

    private static ApiRefusal notYours(BoxAddress login) {
        return ApiRefusal.of(Rule.API_ED_NOTIFICATIONS_FORBIDDEN, login + " may read no hospital's arrivals at the "
            + "emergency department here: they are given to the hospital's information system (its APP box) and to "
            + "its emergency department's box and members");
    }
}
