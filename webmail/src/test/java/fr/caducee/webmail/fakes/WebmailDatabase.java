package fr.caducee.webmail.fakes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

import fr.caducee.testkit.PostgresCluster;

/**
 * A real PostgreSQL for one test class ({@code @RegisterExtension static}) with the webmail's tables made by the
 * server's own migrations (read from the server module's sources, the one place they are written).
 */
public final class WebmailDatabase implements BeforeAllCallback, AfterAllCallback {
    private static final Path MIGRATIONS = Path.of("..", "server", "src", "main", "resources", "fr", "caducee",
        "server", "storage", "migration");
    private static final List<String> WEBMAIL_MIGRATIONS = List.of("V6__webmail.sql", "V8__webmail_lockout_quiet.sql");

    private PostgresCluster cluster;
    private PGSimpleDataSource dataSource;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = PostgresCluster.start();
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(cluster.jdbcUrl());
        dataSource.setUser(PostgresCluster.USER);
        dataSource.setPassword(PostgresCluster.PASSWORD);
        for (String migration : WEBMAIL_MIGRATIONS) {
            execute(Files.readString(MIGRATIONS.resolve(migration), StandardCharsets.UTF_8));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public void execute(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The first column of the first row, null when there is none. */
    public String text(String query) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(query)) {
            return row.next() ? row.getString(1) : null;
        }
    }

    public void empty() throws Exception {
        execute("TRUNCATE webmail_account, webmail_recovery_code, webmail_lockout, webmail_notice");
    }
}
