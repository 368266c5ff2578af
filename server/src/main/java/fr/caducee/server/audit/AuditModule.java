package fr.caducee.server.audit;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.Configuration;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.lifecycle.api.Startable;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.utils.PropertiesProvider;
import org.apache.james.webadmin.Routes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.apache.james.core.healthcheck.HealthCheck;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

import fr.caducee.audit.AuditReader;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.BoxTypes;
import fr.caducee.audit.FileAuditTrail;
import fr.caducee.audit.LoggedAuditTrail;
import fr.caducee.server.health.AuditTrailHealthCheck;
import fr.caducee.server.metrics.AuditForceTimes;
import fr.caducee.server.metrics.CountedAuditTrail;
import fr.caducee.server.metrics.DecisionCounts;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.server.storage.StoredFolder;
import fr.caducee.server.storage.spool.AcceptanceRecords;

/**
 * The audit trail: a {@link FileAuditTrail} under {@code <data>/var/audit/} per {@code audit.properties}, opened
 * at start (a trail that cannot be opened stops the server), each record also logged on {@code fr.caducee.audit};
 * the {@code /audit} administration routes; box types for the indicators from the directory; which held mails the
 * trail recorded as accepted, for the spool at start.
 */
public class AuditModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditModule.class);

    @Override
    protected void configure() {
        bind(BoxTypes.class).to(DirectoryBoxTypes.class);
        bind(AcceptanceRecords.class).to(TrailAcceptanceRecords.class);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(AuditRoutes.class);
        // Made by Guice, not by a @Provides method: James calls @PreDestroy only on the objects Guice constructs.
        bind(Lifecycle.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    AuditConfiguration configuration(PropertiesProvider properties, JamesDirectoriesProvider directories)
            throws Exception {
        Configuration configuration;
        try {
            configuration = properties.getConfiguration("audit");
        } catch (FileNotFoundException e) {
            configuration = new BaseConfiguration();
        }
        return AuditConfiguration.from(configuration, Path.of(directories.getVarDirectory()));
    }

    @Provides
    @Singleton
    AuditTrail trail(Lifecycle lifecycle, DecisionCounts decisions) {
        // Counted for /metrics once written: every decision of the server passes here.
        return new CountedAuditTrail(new LoggedAuditTrail(lifecycle.trail), decisions);
    }

    @Provides
    @Singleton
    AuditReader reader(Lifecycle lifecycle) {
        return lifecycle.trail.reader();
    }

    /** The trail may be on its own disk: its space is watched with the rest of the data. */
    @ProvidesIntoSet
    StoredFolder trailFolder(AuditConfiguration configuration) {
        return new StoredFolder(configuration.folder());
    }

    /** {@code /healthcheck}: the trail's folder takes a write and its fsync in reasonable time. */
    @ProvidesIntoSet
    HealthCheck trailHealth(AuditConfiguration configuration, Settings settings) {
        return new AuditTrailHealthCheck(configuration.folder(),
            Duration.ofMillis(settings.number(Setting.HEALTH_AUDIT_FSYNC_MILLIS, 1, Integer.MAX_VALUE)));
    }

    @ProvidesIntoSet
    InitializationOperation openTrail(Lifecycle lifecycle) {
        return InitilizationOperationBuilder.forClass(Lifecycle.class).init(() -> { });
    }

    /** Writes and forces what is pending when the server stops. */
    static final class Lifecycle implements Startable {
        private final FileAuditTrail trail;

        @Inject
        Lifecycle(AuditConfiguration configuration, AuditForceTimes forceTimes) throws IOException {
            this.trail = FileAuditTrail.open(configuration.folder(), configuration.settings());
            trail.observeForces(forceTimes);
            LOGGER.info("Audit trail in {} (fsync {})", configuration.folder(), configuration.settings().fsync());
        }

        @PreDestroy
        void stop() {
            trail.close();
            LOGGER.info("Audit trail closed");
        }
    }
}
