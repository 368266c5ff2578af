package fr.caducee.server.tls;

import org.apache.james.utils.GuiceProbe;
import org.apache.james.webadmin.Routes;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

/** The reload of the server's TLS material, its WebAdmin routes ({@link TlsRoutes}) and SIGHUP ({@link ReloadOnHangup}). */
public class TlsModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(TlsReload.class);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(TlsRoutes.class);
        Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(ReloadOnHangup.class);
    }
}
