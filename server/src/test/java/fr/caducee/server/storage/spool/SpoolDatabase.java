package fr.caducee.server.storage.spool;

import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import fr.caducee.testkit.PostgresCluster;

/** A real PostgreSQL for the spool's tests, one per test class, through a small pool as in the server. */
final class SpoolDatabase implements BeforeAllCallback, AfterAllCallback {
    private PostgresCluster cluster;
    private BasicDataSource pool;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = PostgresCluster.start();
        pool = new BasicDataSource();
        pool.setUrl(cluster.jdbcUrl());
        pool.setUsername(PostgresCluster.USER);
        pool.setPassword(PostgresCluster.PASSWORD);
        pool.setMaxTotal(16);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        pool.close();
        cluster.close();
    }

    DataSource dataSource() {
        return pool;
    }

    /** The spool's rows of the previous test removed (once its table exists). */
    void empty() throws Exception {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN IF to_regclass('caducee_spool') IS NOT NULL THEN "
                + "DELETE FROM caducee_spool; END IF; END $$");
        }
    }
}
