package fr.caducee.server.routing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import javax.inject.Singleton;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.dnsjava.DNSJavaService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * The static route table ({@code caducee.routes}, default {@code routes.txt} of the configuration folder; see
 * {@link StaticRoutes}), read and checked once, when the server is assembled: a bad line stops the start. It
 * overrides James's DNS binding with {@link RoutedDnsService}.
 */
public class RoutesModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(RoutesModule.class);
    private final StaticRoutes routes;

    public RoutesModule(Settings settings, Path configDir) {
        Path file = settings.isGiven(Setting.ROUTES) ? settings.path(Setting.ROUTES) : configDir.resolve("routes.txt");
        try {
            this.routes = StaticRoutes.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the route table " + file + " (" + Setting.ROUTES + ")", e);
        }
        if (!routes.isEmpty() && !settings.text(Setting.RELAY_GATEWAY).isBlank()) {
            throw new IllegalStateException(Setting.RELAY_GATEWAY + " sends every delivery through one relay, so the route table "
                + file + " would never be read: use one or the other (a '*' line in the table acts as the gateway)");
        }
        if (!routes.isEmpty()) {
            LOGGER.info("Route table {}: {} route(s)", file, routes.size());
        }
    }

    @Provides
    @Singleton
    DNSService dnsService(DNSJavaService dns) {
        return new RoutedDnsService(dns, routes);
    }
}
