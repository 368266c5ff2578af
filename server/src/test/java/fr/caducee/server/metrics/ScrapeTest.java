package fr.caducee.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;
import io.prometheus.client.Collector;
import io.prometheus.client.exporter.common.TextFormat;

class ScrapeTest {
    final DecisionCounts decisions = new DecisionCounts();
    final AuditForceTimes forces = new AuditForceTimes();
    final Scrape scrape = new Scrape(parts());

    private Map<String, Collector> parts() {
        Map<String, Collector> parts = new LinkedHashMap<>();
        parts.put("decisions", decisions.counter());
        parts.put("audit", forces.histogram());
        return parts;
    }

    @Test
    void withoutAnAcceptHeaderTheAnswerIsTheTextFormat004() {
        decisions.count(AuditRecord.builder(Decision.ACCEPTED).via("mx").build());
        forces.accept(3_000_000);

        String contentType = Scrape.contentType(null);
        String text = scrape.write(contentType);

        assertThat(contentType).isEqualTo(TextFormat.CONTENT_TYPE_004);
        assertThat(text)
            .contains("# TYPE caducee_decisions_total counter")
            .contains("caducee_decisions_total{decision=\"accepted\",rule=\"\",stage=\"\",via=\"mx\",temporary=\"false\",} 1.0")
            .contains("caducee_audit_fsync_seconds_bucket{le=\"0.005\",} 1.0")
            .contains("caducee_audit_fsync_seconds_count 1.0")
            .contains("# TYPE caducee_scrape_collector_seconds gauge")
            .doesNotContain("_created");
    }

    @Test
    void anOpenMetricsAcceptHeaderGetsOpenMetrics() {
        String contentType = Scrape.contentType("application/openmetrics-text; version=1.0.0; charset=utf-8");

        String text = scrape.write(contentType);

        assertThat(contentType).isEqualTo(TextFormat.CONTENT_TYPE_OPENMETRICS_100);
        assertThat(text).endsWith("# EOF\n").contains("# TYPE caducee_decisions counter");
    }

    @Test
    void theTimeOfEachPartOfTheScrapeIsGiven() {
        String text = scrape.write(TextFormat.CONTENT_TYPE_004);

        assertThat(text).containsPattern("caducee_scrape_collector_seconds\\{collector=\"decisions\",} [0-9.E-]+")
            .contains("collector=\"audit\"");
    }
}
