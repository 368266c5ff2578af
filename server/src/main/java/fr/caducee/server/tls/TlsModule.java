package fr.caducee.server.tls;

import org.apache.james.webadmin.Routes;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

/** The reload of the server's TLS material and its WebAdmin routes ({@link TlsRoutes}). */
public class TlsModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(TlsReload.class);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(TlsRoutes.class);
    }
}
