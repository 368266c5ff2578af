package fr.caducee.server.metrics;

import org.apache.james.webadmin.Routes;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

/**
 * The metrics of docs/OPERATIONS.md ("Metrics") at WebAdmin's {@code GET /metrics}. The counters are singletons the
 * parts they count are given ({@link DecisionCounts} by the audit trail, {@link TlsFailures} by the listeners,
 * {@link AuditForceTimes} by the trail's writer); the gauges are read at each scrape.
 */
public class MetricsModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(MetricsRoutes.class);
    }
}
