package fr.caducee.server.queue;

import org.apache.james.webadmin.Routes;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

import fr.caducee.server.storage.spool.SpoolAdministration;

/** The operator's queue routes ({@link QueueRoutes}) and the audit of James's queue and repository routes. */
public class QueueModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(SpoolAdministration.class).in(Scopes.SINGLETON);
        Multibinder<Routes> routes = Multibinder.newSetBinder(binder(), Routes.class);
        routes.addBinding().to(QueueRoutes.class);
        routes.addBinding().to(MailRoutesAudit.class);
    }
}
