package fr.caducee.server.metrics;

import java.util.List;

import javax.inject.Inject;

import com.codahale.metrics.MetricRegistry;

import io.prometheus.client.Collector;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.dropwizard.samplebuilder.DefaultSampleBuilder;
import io.prometheus.client.dropwizard.samplebuilder.SampleBuilder;

/**
 * James's own metrics (SMTP and IMAP command timings, mailet and matcher processing, queue timings), which James
 * records in its Dropwizard registry without exposing them: named {@code james_...}, and the JVM's (memory, garbage
 * collection, threads, file descriptors, class loading, registered by James as {@code jvm.*}) {@code jvm_...}.
 */
public final class JamesMetrics extends Collector {
    private final DropwizardExports exports;

    @Inject
    public JamesMetrics(MetricRegistry registry) {
        this.exports = new DropwizardExports(registry, new Prefixed());
    }

    @Override
    public List<MetricFamilySamples> collect() {
        return exports.collect();
    }

    /** {@code jvm.*} as {@code jvm_*}; everything else James records as {@code james_*}. */
    static final class Prefixed implements SampleBuilder {
        private final SampleBuilder names = new DefaultSampleBuilder();

        @Override
        public MetricFamilySamples.Sample createSample(String dropwizardName, String nameSuffix,
                                                       List<String> additionalLabelNames,
                                                       List<String> additionalLabelValues, double value) {
            String name = dropwizardName.startsWith("jvm.") ? dropwizardName : "james_" + dropwizardName;
            return names.createSample(name, nameSuffix, additionalLabelNames, additionalLabelValues, value);
        }
    }
}
