package fr.caducee.server.records;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import javax.sql.DataSource;

import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import fr.caducee.testkit.PostgresCluster;

/** A real PostgreSQL for the record store's tests, one per test class. */
final class RecordDatabase implements BeforeAllCallback, AfterAllCallback {
    private PostgresCluster cluster;
    private BasicDataSource pool;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = PostgresCluster.start();
        pool = new BasicDataSource();
        pool.setUrl(cluster.jdbcUrl());
        pool.setUsername(PostgresCluster.USER);
        pool.setPassword(PostgresCluster.PASSWORD);
        pool.setMaxTotal(8);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        pool.close();
        cluster.close();
    }

    DataSource dataSource() {
        return pool;
    }

    void empty() throws Exception {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN IF to_regclass('record_document') IS NOT NULL THEN "
                + "DELETE FROM record_deposit; DELETE FROM record_document; DELETE FROM caducee_spool; END IF; END $$");
        }
    }

    long count(String query) throws Exception {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }

    String text(String query) throws Exception {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(query)) {
            return row.next() ? row.getString(1) : null;
        }
    }
}
