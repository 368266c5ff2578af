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
import org.apache.james.utils.PropertiesProvider;
import org.apache.openjpa.jdbc.conf.JDBCConfiguration;
import org.apache.openjpa.persistence.OpenJPAPersistence;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * The relational store behind mailboxes, users, domains and rewrite tables.
 *
 * <p>Reads {@code james-database.properties}: an embedded Derby database under the data folder by default; any
 * other JDBC URL (PostgreSQL in production) is selected by configuration alone. Keys starting with
 * {@code openjpa.} are handed to OpenJPA as they are.
 */
public class DatabaseModule extends AbstractModule {
    static final String PERSISTENCE_UNIT = "Caducee";

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
    EntityManagerFactory entityManagerFactory(DatabaseConfiguration database) {
        return Persistence.createEntityManagerFactory(PERSISTENCE_UNIT, database.openJpaProperties());
    }

    /** The pool OpenJPA opened, for the tables we write ourselves (the spool). */
    @Provides
    @Singleton
    DataSource dataSource(EntityManagerFactory entityManagerFactory) {
        JDBCConfiguration database = (JDBCConfiguration) OpenJPAPersistence.cast(entityManagerFactory).getConfiguration();
        return database.getDataSource(null);
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
                    + "(e.g. jdbc:derby:var/store/derby;create=true or jdbc:postgresql://host/caducee)");
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
            if (url.startsWith("jdbc:derby:")) {
                return "org.apache.derby.jdbc.EmbeddedDriver";
            }
            if (url.startsWith("jdbc:postgresql:")) {
                return "org.postgresql.Driver";
            }
            throw new ConfigurationException("james-database.properties: no driver known for " + url
                + "; set database.driverClassName");
        }

        Map<String, String> openJpaProperties() {
            Map<String, String> properties = new HashMap<>();
            properties.put("openjpa.ConnectionDriverName", driver);
            properties.put("openjpa.ConnectionURL", url);
            if (!user.isBlank()) {
                properties.put("openjpa.ConnectionUserName", user);
                properties.put("openjpa.ConnectionPassword", password);
            }
            properties.put("openjpa.ConnectionProperties", "MaxTotal=" + maxConnections + ",TestOnBorrow=true");
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
