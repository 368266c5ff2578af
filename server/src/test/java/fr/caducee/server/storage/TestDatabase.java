package fr.caducee.server.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import javax.sql.DataSource;

import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import fr.caducee.testkit.PostgresCluster;

/**
 * A real PostgreSQL for the tests of one class (a JUnit extension, {@code @RegisterExtension static}), reached
 * through a small pool as the server reaches its own, with the few queries tests check rows with.
 */
public class TestDatabase implements BeforeAllCallback, AfterAllCallback {
    private final int connections;
    private PostgresCluster cluster;
    private BasicDataSource pool;

    public TestDatabase(int connections) {
        this.connections = connections;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = PostgresCluster.start();
        pool = new BasicDataSource();
        pool.setUrl(cluster.jdbcUrl());
        pool.setUsername(PostgresCluster.USER);
        pool.setPassword(PostgresCluster.PASSWORD);
        pool.setMaxTotal(connections);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        pool.close();
        cluster.close();
    }

    public DataSource dataSource() {
        return pool;
    }

    public void execute(String sql) throws Exception {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The number a query such as {@code SELECT count(*) ...} answers. */
    public long count(String query) throws Exception {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** The first column of the first row, {@code null} when there is none. */
    public String text(String query) throws Exception {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(query)) {
            return row.next() ? row.getString(1) : null;
        }
    }
}
