package fr.caducee.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

import org.apache.james.core.Domain;
import org.apache.james.rrt.api.RecipientRewriteTableConfiguration;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.lib.Mappings;
import org.apache.james.rrt.lib.MappingsImpl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CachedRecipientRewriteTableTest {
    private static final Domain HOSPITAL = Domain.of("chu-exemple.localhost");
    private static final Domain CLINIC = Domain.of("clinique.localhost");

    /** The database side replaced by a map, counting the lookups it answers. */
    private static final class InMemory extends CachedRecipientRewriteTable {
        final Map<MappingSource, Mappings> table = new HashMap<>();
        int lookups;
        boolean down;

        @Override
        Mappings stored(String user, Domain domain) throws RecipientRewriteTableException {
            lookups++;
            if (down) {
                throw new RecipientRewriteTableException("database down");
            }
            Mappings own = table.getOrDefault(MappingSource.fromUser(user, domain), MappingsImpl.empty());
            return own.isEmpty() ? table.getOrDefault(MappingSource.fromDomain(domain), MappingsImpl.empty()) : own;
        }

        @Override
        void store(MappingSource source, Mapping mapping) {
            table.merge(source, MappingsImpl.fromMappings(mapping), Mappings::union);
        }

        @Override
        void unstore(MappingSource source, Mapping mapping) {
            table.computeIfPresent(source, (key, mappings) -> mappings.remove(mapping));
        }
    }

    private final InMemory rewrites = new InMemory();

    @BeforeEach
    void configure() {
        rewrites.setConfiguration(RecipientRewriteTableConfiguration.DEFAULT_ENABLED);
    }

    private Mappings resolved(String user, Domain domain) throws Exception {
        return rewrites.getResolvedMappings(user, domain, EnumSet.allOf(Mapping.Type.class));
    }

    @Test
    void aRecipientWithoutRewriteShouldBeLookedUpOnceForManyMessages() throws Exception {
        for (int message = 0; message < 5; message++) {
            assertThat(resolved("dr.martin", HOSPITAL)).isEmpty();
        }

        assertThat(rewrites.lookups).isEqualTo(1);
    }

    @Test
    void eachAddressShouldHaveItsOwnAnswer() throws Exception {
        rewrites.addMapping(MappingSource.fromUser("secretariat", HOSPITAL), Mapping.address("dr.martin@chu-exemple.localhost"));

        assertThat(resolved("secretariat", HOSPITAL).asStream().map(Mapping::asString))
            .containsExactly("dr.martin@chu-exemple.localhost");
        assertThat(resolved("dr.martin", HOSPITAL)).isEmpty();
    }

    @Test
    void anAddedMappingShouldBeFollowedAtOnce() throws Exception {
        assertThat(resolved("secretariat", HOSPITAL)).isEmpty();

        rewrites.addMapping(MappingSource.fromUser("secretariat", HOSPITAL), Mapping.address("dr.martin@chu-exemple.localhost"));

        assertThat(resolved("secretariat", HOSPITAL).asStream().map(Mapping::asString))
            .containsExactly("dr.martin@chu-exemple.localhost");
    }

    @Test
    void aRemovedMappingShouldNoLongerBeFollowed() throws Exception {
        Mapping toDoctor = Mapping.address("dr.martin@chu-exemple.localhost");
        rewrites.addMapping(MappingSource.fromUser("secretariat", HOSPITAL), toDoctor);
        assertThat(resolved("secretariat", HOSPITAL)).isNotEmpty();

        rewrites.removeMapping(MappingSource.fromUser("secretariat", HOSPITAL), toDoctor);

        assertThat(resolved("secretariat", HOSPITAL)).isEmpty();
    }

    @Test
    void aDomainMappingShouldChangeTheAnswerForAddressesAlreadyAskedAbout() throws Exception {
        assertThat(resolved("accueil", CLINIC)).isEmpty();

        rewrites.addMapping(MappingSource.fromDomain(CLINIC), Mapping.domainAlias(HOSPITAL));

        assertThat(resolved("accueil", CLINIC)).isNotEmpty();
    }

    @Test
    void aFailedLookupShouldBeReportedAndNotRemembered() throws Exception {
        rewrites.down = true;
        assertThatThrownBy(() -> resolved("dr.martin", HOSPITAL)).isInstanceOf(RecipientRewriteTableException.class);

        rewrites.down = false;
        assertThat(resolved("dr.martin", HOSPITAL)).isEmpty();
        assertThat(rewrites.lookups).isEqualTo(2);
    }
}
