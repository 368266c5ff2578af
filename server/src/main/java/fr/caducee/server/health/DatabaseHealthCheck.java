package fr.caducee.server.health;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;

/**
 * The database answers a {@code SELECT 1} through the server's own connection pool, within {@link #LIMIT}: a full
 * pool or a PostgreSQL that stopped answering shows here before mail piles up.
 */
public final class DatabaseHealthCheck implements HealthCheck {
    static final ComponentName NAME = new ComponentName("Database");
    static final Duration LIMIT = Duration.ofSeconds(3);

    private final DataSource database;
    private final Duration limit;

    @Inject
    public DatabaseHealthCheck(DataSource database) {
        this(database, LIMIT);
    }

    DatabaseHealthCheck(DataSource database, Duration limit) {
        this.database = database;
        this.limit = limit;
    }

    @Override
    public ComponentName componentName() {
        return NAME;
    }

    @Override
    public Publisher<Result> check() {
        return Checks.blocking(NAME, limit, "the database does not answer (mail is neither accepted nor delivered "
            + "until it does; check PostgreSQL, caducee.db.* settings and the log): ", this::selectOne);
    }

    private Result selectOne() throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, limit.toSeconds()));
            try (ResultSet answer = statement.executeQuery("SELECT 1")) {
                if (!answer.next() || answer.getInt(1) != 1) {
                    return Result.unhealthy(NAME, "the database answered SELECT 1 with something else than 1");
                }
            }
        }
        return Result.healthy(NAME);
    }
}
