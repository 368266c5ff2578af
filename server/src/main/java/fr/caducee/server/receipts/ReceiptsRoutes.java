package fr.caducee.server.receipts;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;

import spark.Service;

/**
 * {@link ReceiptsQuery} on WebAdmin, behind the operator's token like every route:
 * {@code GET /receipts?box=<address>&messageId=<id>}.
 */
public class ReceiptsRoutes implements Routes {
    static final String PATH = "/receipts";

    private final ReceiptsQuery query;

    @Inject
    public ReceiptsRoutes(ReceiptsQuery query) {
        this.query = query;
    }

    @Override
    public String getBasePath() {
        return PATH;
    }

    @Override
    public void define(Service service) {
        service.get(PATH, (request, response) -> {
            ReceiptsQuery.Answer answer = query.answer(request.queryParams("box"), request.queryParams("messageId"));
            response.status(answer.status());
            response.type("application/json");
            return answer.json();
        });
    }
}
