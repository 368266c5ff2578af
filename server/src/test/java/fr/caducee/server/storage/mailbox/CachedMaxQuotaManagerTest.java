package fr.caducee.server.storage.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.james.core.Domain;
import org.apache.james.core.quota.QuotaCountLimit;
import org.apache.james.mailbox.jpa.quota.JPAPerUserMaxQuotaDAO;
import org.apache.james.mailbox.model.Quota;
import org.apache.james.mailbox.model.QuotaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.caducee.server.storage.CountedDataSource;

/** Maximum quotas read once per quota root, and forgotten at any change, on OpenJPA over the real PostgreSQL. */
class CachedMaxQuotaManagerTest {
    static final QuotaRoot ROOT = QuotaRoot.quotaRoot("#private&infirmiere@chu.localhost", Optional.of(Domain.of("chu.localhost")));

    private EntityManagerFactory openJpa;
    private CachedMaxQuotaManager manager;
    private CountedDataSource database;

    @BeforeEach
    void openJpaOnThePool() throws Exception {
        database = StorePostgres.dataSource();
        openJpa = Persistence.createEntityManagerFactory("Caducee", Map.of(
            "openjpa.ConnectionFactory", database,
            "openjpa.ConnectionDriverName", "org.postgresql.Driver",
            "openjpa.jdbc.DBDictionary", "postgres"));
        manager = new CachedMaxQuotaManager(openJpa, new JPAPerUserMaxQuotaDAO(openJpa));
        manager.removeMaxMessage(ROOT);
    }

    @AfterEach
    void close() {
        openJpa.close();
    }

    @Test
    void limitsAreReadOnceThenRemembered() {
        manager.setMaxMessage(ROOT, QuotaCountLimit.count(500));
        manager.quotaDetails(ROOT);
        long afterFirstRead = database.statements();

        Map<Quota.Scope, QuotaCountLimit> again = manager.listMaxMessagesDetails(ROOT);

        assertThat(again).containsEntry(Quota.Scope.User, QuotaCountLimit.count(500));
        assertThat(database.statements()).isEqualTo(afterFirstRead);
    }

    @Test
    void aLimitChangedAppliesAtTheNextRead() throws Exception {
        manager.setMaxMessage(ROOT, QuotaCountLimit.count(500));
        manager.quotaDetails(ROOT);

        manager.setMaxMessage(ROOT, QuotaCountLimit.count(20));

        assertThat(manager.getMaxMessage(ROOT)).contains(QuotaCountLimit.count(20));
    }
}
