package fr.caducee.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.junit.jupiter.api.Test;

class CachedDomainListTest {
    private static final Domain HOSPITAL = Domain.of("chu-exemple.localhost");

    /** The database side: counts the lookups it answers. */
    private static final class StoredDomains implements DomainList {
        final Set<Domain> domains = new HashSet<>();
        int lookups;
        boolean down;

        @Override
        public List<Domain> getDomains() {
            return new ArrayList<>(domains);
        }

        @Override
        public boolean containsDomain(Domain domain) throws DomainListException {
            lookups++;
            if (down) {
                throw new DomainListException("database down");
            }
            return domains.contains(domain);
        }

        @Override
        public void addDomain(Domain domain) {
            domains.add(domain);
        }

        @Override
        public void removeDomain(Domain domain) {
            domains.remove(domain);
        }

        @Override
        public Domain getDefaultDomain() {
            return HOSPITAL;
        }
    }

    private final StoredDomains stored = new StoredDomains();
    private final CachedDomainList cached = new CachedDomainList(stored);

    @Test
    void repeatedQuestionsShouldBeAnsweredFromMemory() throws Exception {
        stored.addDomain(HOSPITAL);

        for (int i = 0; i < 5; i++) {
            assertThat(cached.containsDomain(HOSPITAL)).isTrue();
        }
        assertThat(stored.lookups).isEqualTo(1);
    }

    @Test
    void aDomainAddedThroughThisServerShouldBeServedAtOnceEvenAfterBeingAskedFor() throws Exception {
        assertThat(cached.containsDomain(HOSPITAL)).isFalse();

        cached.addDomain(HOSPITAL);

        assertThat(cached.containsDomain(HOSPITAL)).isTrue();
    }

    @Test
    void aDomainRemovedThroughThisServerShouldNoLongerBeServed() throws Exception {
        cached.addDomain(HOSPITAL);
        assertThat(cached.containsDomain(HOSPITAL)).isTrue();

        cached.removeDomain(HOSPITAL);

        assertThat(cached.containsDomain(HOSPITAL)).isFalse();
    }

    @Test
    void aFailedLookupShouldBeReportedAndNotRemembered() throws Exception {
        stored.addDomain(HOSPITAL);
        stored.down = true;

        assertThatThrownBy(() -> cached.containsDomain(HOSPITAL)).isInstanceOf(DomainListException.class)
            .hasMessageContaining("database down");

        stored.down = false;
        assertThat(cached.containsDomain(HOSPITAL)).isTrue();
    }
}
