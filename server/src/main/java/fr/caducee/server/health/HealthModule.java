package fr.caducee.server.health;

import org.apache.james.core.healthcheck.HealthCheck;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

/**
 * Our checks of {@code /healthcheck}, beside James's (docs/CONFIGURATION.md, "The health check"); the audit trail's
 * is bound by {@link fr.caducee.server.audit.AuditModule}, which knows its folder.
 */
public class HealthModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder<HealthCheck> checks = Multibinder.newSetBinder(binder(), HealthCheck.class);
        checks.addBinding().to(DirectoryHealthCheck.class);
        checks.addBinding().to(DatabaseHealthCheck.class);
        checks.addBinding().to(RevocationListsHealthCheck.class);
        checks.addBinding().to(WhitelistHealthCheck.class);
        checks.addBinding().to(DiskReserveHealthCheck.class);
        checks.addBinding().to(CertificatesHealthCheck.class);
    }
}
