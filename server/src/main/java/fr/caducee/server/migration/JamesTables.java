package fr.caducee.server.migration;

import java.util.Map;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import fr.caducee.server.storage.DatabaseModule;

/**
 * James's own tables (domains, address rewrites, quota limits...) as the server's OpenJPA creates them at its first
 * start, created now in an empty PostgreSQL so that the migration can fill them before that start.
 */
final class JamesTables {
    private JamesTables() {
    }

    static void create(String url, String user, String password) {
        EntityManagerFactory factory = Persistence.createEntityManagerFactory(DatabaseModule.PERSISTENCE_UNIT, Map.of(
            "openjpa.ConnectionDriverName", "org.postgresql.Driver",
            "openjpa.ConnectionURL", url,
            "openjpa.ConnectionUserName", user,
            "openjpa.ConnectionPassword", password));
        try {
            // OpenJPA builds the schema of the whole persistence unit with its first entity manager.
            factory.createEntityManager().close();
        } finally {
            factory.close();
        }
    }
}
