package fr.caducee.server.storage;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;

import spark.Service;

/**
 * {@code GET /database/statements}: the statements sent to the database since the start ({@link CountedDataSource}),
 * for measuring what an IMAP or SMTP command costs in round trips. Behind WebAdmin's token like every route.
 */
public class DatabaseStatementsRoutes implements Routes {
    static final String PATH = "/database/statements";

    private final CountedDataSource dataSource;

    @Inject
    public DatabaseStatementsRoutes(CountedDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String getBasePath() {
        return PATH;
    }

    @Override
    public void define(Service service) {
        service.get(PATH, (request, response) -> {
            response.type("application/json");
            return "{\"statements\":" + dataSource.statements() + "}";
        });
    }
}
