package fr.caducee.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.james.metrics.dropwizard.DropWizardJVMMetrics;
import org.apache.james.metrics.dropwizard.DropWizardMetricFactory;
import org.junit.jupiter.api.Test;

import com.codahale.metrics.MetricRegistry;

import io.prometheus.client.Collector.MetricFamilySamples;

/** James's registry as James fills it: its factory's timers and counters, and its JVM gauges. */
class JamesMetricsTest {
    final MetricRegistry registry = new MetricRegistry();

    @Test
    void jamesMetricsArePrefixedWithJamesAndTheJvmsKeepTheirName() {
        DropWizardMetricFactory factory = new DropWizardMetricFactory(registry);
        factory.generate("SMTP-RCPT").increment();
        factory.timer("mailetContainer-RemoteDelivery").stopAndPublish();
        new DropWizardJVMMetrics(registry).start();

        List<String> names = new JamesMetrics(registry).collect().stream().map(family -> family.name).toList();

        assertThat(names).contains("james_SMTP_RCPT", "james_mailetContainer_RemoteDelivery", "jvm_memory_heap_used",
            "jvm_threads_count");
        assertThat(names).allMatch(name -> name.startsWith("james_") || name.startsWith("jvm_"));
    }

    @Test
    void aTimerGivesItsQuantilesInSeconds() {
        new DropWizardMetricFactory(registry).timer("imapFullProcessing").stopAndPublish();

        MetricFamilySamples timer = new JamesMetrics(registry).collect().get(0);

        assertThat(timer.type).isEqualTo(io.prometheus.client.Collector.Type.SUMMARY);
        assertThat(timer.samples).extracting(sample -> sample.name)
            .contains("james_imapFullProcessing", "james_imapFullProcessing_count");
    }
}
