package fr.caducee.server.api;
import fr.caducee.rules.Rule;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One authenticated request, as a resource sees it.
 *
 * @param method {@code GET}, {@code PUT}...
 * @param rest the path after the resource's own ({@code /abc} for {@code /fhir/Binary/abc}), {@code ""} for itself
 * @param parameters the query's parameters, decoded, in their order
 * @param headers a request header by name (any case)
 * @param body the request's body, at most {@link ApiListener#MAX_BODY_BYTES}
 * @param baseUrl {@code https://<host>:<port>} as the client reached the listener, for links in answers
 */
public record ApiCall(Caller caller, String method, String path, String rest, Map<String, List<String>> parameters,
                      Function<String, Optional<String>> headers, byte[] body, String baseUrl) {

    public Optional<String> header(String name) {
        return headers.apply(name);
    }

    /** The parameter's one value; a parameter given twice is a 400. */
    public Optional<String> parameter(String name) throws ApiRefusal {
        List<String> values = parameters.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw ApiRefusal.of(Rule.API_PARAMETER_REPEATED, "Give " + name + " once");
        }
        return values.stream().findFirst();
    }

    /**
     * A 405 unless the call is a GET of the resource itself (its path, or its path and a slash): for the resources
     * that only answer a query; {@code usage} tells how to ask, e.g. {@code GET /receipts?messageId=<id>}.
     */
    public void onlyGetOfTheResource(String usage) throws ApiRefusal {
        if (!"GET".equals(method) || !rest.isEmpty() && !"/".equals(rest)) {
            throw ApiRefusal.of(Rule.API_METHOD_NOT_ALLOWED, usage);
        }
    }

    /** A 400 naming the first parameter not in {@code known}: a misspelt filter must not widen a search silently. */
    public void onlyParameters(List<String> known) throws ApiRefusal {
        for (String name : parameters.keySet()) {
            if (!known.contains(name)) {
                throw ApiRefusal.of(Rule.API_PARAMETER_UNKNOWN, "Unknown parameter " + name
                    + ": this resource takes " + String.join(", ", known));
            }
        }
    }
}
