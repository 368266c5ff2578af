package fr.caducee.server.metrics;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;
import javax.inject.Singleton;

import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.GaugeMetricFamily;
import io.prometheus.client.exporter.common.TextFormat;

/**
 * What {@code GET /metrics} answers: our metrics, James's and the JVM's, in the Prometheus text format 0.0.4, or
 * OpenMetrics 1.0 when the {@code Accept} header asks for it. Each part is timed, and its time in this scrape is
 * given as {@code caducee_scrape_collector_seconds}, so a slow part (the database behind the queue depths) shows
 * which it is.
 */
@Singleton
public final class Scrape {
    private final Map<String, Collector> parts = new LinkedHashMap<>();

    @Inject
    public Scrape(DecisionCounts decisions, TlsFailures tls, AuditForceTimes forces, QueueDepths queues,
                  DirectoryCacheStats directory, JamesMetrics james) {
        this(Map.of());
        parts.put("decisions", decisions.counter());
        parts.put("tls", tls.counter());
        parts.put("audit", forces.histogram());
        parts.put("queues", queues);
        parts.put("directory", directory);
        parts.put("james", james);
    }

    /** A scrape of these parts, in this order (tests). */
    Scrape(Map<String, Collector> parts) {
        this.parts.putAll(parts);
    }

    /** The content type answered for this {@code Accept} header (null or anything else: text format 0.0.4). */
    public static String contentType(String accept) {
        return TextFormat.chooseContentType(accept);
    }

    /** The whole answer, in the format of {@code contentType} (one of {@link #contentType}'s). */
    public String write(String contentType) {
        List<MetricFamilySamples> families = new ArrayList<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Map.Entry<String, Collector> part : parts.entrySet()) {
            long start = System.nanoTime();
            families.addAll(part.getValue().collect());
            seconds.put(part.getKey(), (System.nanoTime() - start) / 1e9);
        }
        families.add(timings(seconds));
        if (TextFormat.CONTENT_TYPE_004.equals(contentType)) {
            families.replaceAll(Scrape::withoutCreated);
        }
        StringWriter text = new StringWriter(64 * 1024);
        try {
            TextFormat.writeFormat(contentType, text, Collections.enumeration(families));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /**
     * The family without its {@code _created} samples: OpenMetrics' creation times, which the text format 0.0.4 can
     * only write as separate gauges that nobody graphs, doubling the answer's series.
     */
    static MetricFamilySamples withoutCreated(MetricFamilySamples family) {
        String created = family.name + "_created";
        if (family.samples.stream().noneMatch(sample -> sample.name.equals(created))) {
            return family;
        }
        return new MetricFamilySamples(family.name, family.unit, family.type, family.help,
            family.samples.stream().filter(sample -> !sample.name.equals(created)).toList());
    }

    private static MetricFamilySamples timings(Map<String, Double> seconds) {
        GaugeMetricFamily timings = new GaugeMetricFamily("caducee_scrape_collector_seconds",
            "Time each part of this scrape took to collect, seconds", List.of("collector"));
        seconds.forEach((name, time) -> timings.addMetric(List.of(name), time));
        return timings;
    }
}
