package fr.caducee.server.autoconfig;

import java.time.Clock;

import javax.inject.Singleton;

import org.apache.james.domainlist.api.DomainList;
import org.apache.james.webadmin.Routes;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;

import fr.caducee.audit.AuditTrail;
import fr.caducee.server.api.AnonymousResource;
import fr.caducee.server.settings.Settings;
import fr.caducee.server.webmail.WebmailConfiguration;

/**
 * Mail clients' autoconfiguration: its settings checked at start, its routes on the HTTPS API listener (anonymous)
 * and the DNS records to publish on WebAdmin.
 */
public class AutoconfigModule extends AbstractModule {

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), AnonymousResource.class).addBinding().to(AutoconfigRoutes.class);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(DnsRecordsRoutes.class);
    }

    @Provides
    @Singleton
    AutoconfigSettings settings(Settings settings) {
        return AutoconfigSettings.from(settings);
    }

    @Provides
    @Singleton
    AutoconfigRoutes routes(AutoconfigSettings settings, DomainList domains, WebmailConfiguration webmail,
                            AuditTrail audit) {
        return new AutoconfigRoutes(settings, domains, webmail.settings().origin(), audit, Clock.systemUTC());
    }
}
