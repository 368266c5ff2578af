package fr.caducee.server.metrics;

import java.util.List;

import javax.inject.Inject;

import com.github.benmanes.caffeine.cache.stats.CacheStats;

import fr.caducee.domain.directory.CachedDirectory;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;

/**
 * {@code caducee_directory_cache_requests_total{result="hit"|"miss"}} and
 * {@code caducee_directory_cache_evictions_total}: the directory's cache (every RCPT, login and sender check reads
 * through it), read from its own statistics at each scrape. Hit rate: hits / (hits + misses).
 */
public final class DirectoryCacheStats extends Collector {
    private final CachedDirectory directory;

    @Inject
    public DirectoryCacheStats(CachedDirectory directory) {
        this.directory = directory;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        CacheStats stats = directory.stats();
        CounterMetricFamily requests = new CounterMetricFamily("caducee_directory_cache_requests",
            "Directory reads answered from the cache (hit) or loaded from the store (miss)", List.of("result"));
        requests.addMetric(List.of("hit"), stats.hitCount());
        requests.addMetric(List.of("miss"), stats.missCount());
        CounterMetricFamily evictions = new CounterMetricFamily("caducee_directory_cache_evictions",
            "Directory answers dropped from the cache (size limit or freshness)", List.of());
        evictions.addMetric(List.of(), stats.evictionCount());
        return List.of(requests, evictions);
    }
}
