package fr.caducee.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.directory.CachedDirectory;
import fr.caducee.domain.directory.PasswordScheme;
import fr.caducee.domain.directory.store.InMemoryDirectoryStore;
import fr.caducee.domain.model.BoxAddress;
import io.prometheus.client.Collector.MetricFamilySamples;

class DirectoryCacheStatsTest {
    final CachedDirectory directory = new CachedDirectory(new InMemoryDirectoryStore(), domain -> true,
        new PasswordScheme() {
            @Override
            public String hash(String password) {
                return password;
            }

            @Override
            public boolean verify(String password, String storedHash) {
                return false;
            }
        }, new CachedDirectory.CacheSettings(Duration.ofMinutes(5), 100));

    @Test
    void aFirstReadIsAMissAndTheNextOnesAreHits() {
        BoxAddress unknown = BoxAddress.parse("inconnu@cabinet.localhost");
        directory.findBox(unknown);
        directory.findBox(unknown);
        directory.findBox(unknown);

        List<MetricFamilySamples> families = new DirectoryCacheStats(directory).collect();

        MetricFamilySamples requests = families.get(0);
        assertThat(requests.name).isEqualTo("caducee_directory_cache_requests");
        assertThat(requests.type).isEqualTo(io.prometheus.client.Collector.Type.COUNTER);
        assertThat(requests.samples).anySatisfy(sample -> {
            assertThat(sample.name).isEqualTo("caducee_directory_cache_requests_total");
            assertThat(sample.labelValues).containsExactly("hit");
            assertThat(sample.value).isEqualTo(2.0);
        }).anySatisfy(sample -> {
            assertThat(sample.labelValues).containsExactly("miss");
            assertThat(sample.value).isEqualTo(1.0);
        });
        assertThat(families.get(1).name).isEqualTo("caducee_directory_cache_evictions");
    }
}
