package fr.caducee.server.storage;

import java.io.FileNotFoundException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import javax.inject.Singleton;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import javax.sql.DataSource;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.utils.PropertiesProvider;

import org.apache.james.webadmin.Routes;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * The relational store behind mailboxes, users, domains and rewrite tables.
 *
 * <p>Reads {@code james-database.properties}: the PostgreSQL the server manages in its data folder by default, or
 * the operator's (production), selected by configuration alone. Keys starting with {@code openjpa.} are handed to
 * OpenJPA as they are.
 *
 * <p>One connection pool (HikariCP) serves everything: the mailbox store's own statements
 * ({@link fr.caducee.server.storage.mailbox}), the conversations, and OpenJPA, which keeps only the cold tables
 * (domains, rewrites, sieve, mail repository URLs, maximum quotas). The pool is counted ({@link CountedDataSource}).
 */
public class DatabaseModule extends AbstractModule {
    public static final String PERSISTENCE_UNIT = "Caducee";

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(DatabaseStatementsRoutes.class);
        Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(DatabasePoolProbe.class);
    }

    @Provides
    @Singleton
    DatabaseConfiguration databaseConfiguration(PropertiesProvider propertiesProvider, Settings settings)
            throws ConfigurationException {
        try {
            return DatabaseConfiguration.from(propertiesProvider.getConfiguration("james-database"),
                settings.secret(Setting.DB_PASSWORD).orElse(""));
        } catch (FileNotFoundException e) {
            throw new ConfigurationException("james-database.properties is missing from the configuration folder", e);
        }
    }

    @Provides
    @Singleton
    CountedDataSource countedDataSource(DatabaseConfiguration database) {
        return new CountedDataSource(database.pool());
    }

    @Provides
    @Singleton
    DataSource dataSource(CountedDataSource counted) {
        // Our tables (the mailbox store's included) are at the current version before anything reads them.
        SchemaMigrations.apply(counted);
        return counted;
    }

    @Provides
    @Singleton
    EntityManagerFactory entityManagerFactory(DatabaseConfiguration database, DataSource dataSource) {
        return Persistence.createEntityManagerFactory(PERSISTENCE_UNIT, database.openJpaProperties(dataSource));
    }

    /** Connection settings, validated when the server starts rather than at the first message. */
    public record DatabaseConfiguration(String url, String driver, String user, String password,
                                        int maxConnections, Map<String, String> extraOpenJpaProperties) {

        /**
         * @param password the password from {@code caducee.db.passwordFile} or {@code CADUCEE_DB_PASSWORD}; one written
         *                 as {@code database.password} in james-database.properties is taken first
         */
        static DatabaseConfiguration from(Configuration properties, String password) throws ConfigurationException {
            String url = properties.getString("database.url", "").trim();
            if (url.isEmpty()) {
                throw new ConfigurationException("james-database.properties: database.url is required "
                    + "(e.g. jdbc:postgresql://host:5432/caducee)");
            }
            String driver = properties.getString("database.driverClassName", driverFor(url));
            int maxConnections = properties.getInt("database.maxConnections", 16);
            if (maxConnections < 1) {
                throw new ConfigurationException("james-database.properties: database.maxConnections must be at least 1");
            }
            Map<String, String> extra = new HashMap<>();
            Iterator<String> keys = properties.getKeys("openjpa");
            while (keys.hasNext()) {
                String key = keys.next();
                extra.put(key, properties.getString(key));
            }
            return new DatabaseConfiguration(url, driver,
                properties.getString("database.username", ""), written(properties, "database.password").orElse(password),
                maxConnections, Map.copyOf(extra));
        }

        private static Optional<String> written(Configuration properties, String key) {
            return Optional.ofNullable(properties.getString(key, null)).filter(value -> !value.isBlank());
        }

        static String driverFor(String url) throws ConfigurationException {
            if (RetiredDerby.isDerbyUrl(url)) {
                throw new ConfigurationException("james-database.properties: " + RetiredDerby.urlRefusal());
            }
            if (url.startsWith("jdbc:postgresql:")) {
                return "org.postgresql.Driver";
            }
            throw new ConfigurationException("james-database.properties: no driver known for " + url
                + "; set database.driverClassName");
        }

        /** The pool every store shares; a connection found broken is replaced, not handed out. */
        HikariDataSource pool() {
            HikariConfig config = new HikariConfig();
            config.setPoolName("caducee-database");
            config.setDriverClassName(driver);
            config.setJdbcUrl(url);
            if (!user.isBlank()) {
                config.setUsername(user);
                config.setPassword(password);
            }
            config.setMaximumPoolSize(maxConnections);
            config.setMinimumIdle(Math.min(2, maxConnections));
            return new HikariDataSource(config);
        }

        /** OpenJPA on the shared pool (it accepts a DataSource object as its connection factory). */
        Map<String, Object> openJpaProperties(DataSource dataSource) {
            Map<String, Object> properties = new HashMap<>();
            properties.put("openjpa.ConnectionFactory", dataSource);
            properties.put("openjpa.ConnectionDriverName", driver);
            properties.put("openjpa.jdbc.DBDictionary", "postgres");
            properties.put("openjpa.Multithreaded", "true");
            properties.putAll(extraOpenJpaProperties);
            return properties;
        }

        @Override
        public String toString() {
            return "DatabaseConfiguration[url=" + url + ", driver=" + driver + ", user=" + user + "]";
        }
    }
}
