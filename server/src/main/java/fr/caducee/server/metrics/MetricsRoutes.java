package fr.caducee.server.metrics;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;

import spark.Service;

/**
 * {@code GET /metrics} on WebAdmin, for Prometheus. Authenticated like every route (an operator token, or a metrics
 * token that opens this route alone: {@link fr.caducee.server.webadmin.AdminTokenFilter}). The query string is not
 * read: no parameter filters, pages or changes the answer, so a huge or unknown query costs nothing.
 */
public final class MetricsRoutes implements Routes {
    public static final String PATH = "/metrics";

    private final Scrape scrape;

    @Inject
    public MetricsRoutes(Scrape scrape) {
        this.scrape = scrape;
    }

    @Override
    public String getBasePath() {
        return PATH;
    }

    @Override
    public void define(Service service) {
        service.get(PATH, (request, response) -> {
            String contentType = Scrape.contentType(request.headers("Accept"));
            response.type(contentType);
            return scrape.write(contentType);
        });
    }
}
