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

/**
 * The static route table ({@code caducee.routes}, default {@code routes.txt} of the configuration folder; see
 * {@link StaticRoutes}), read and checked once, when the server is assembled: a bad line stops the start. It
 * overrides James's DNS binding with {@link RoutedDnsService}.
 */
public class RoutesModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(RoutesModule.class);
    static final String ROUTES = "caducee.routes";
    static final String GATEWAY = "caducee.relay.gateway";

    private final StaticRoutes routes;

    public RoutesModule(Path configDir) {
        Path file = Path.of(System.getProperty(ROUTES, configDir.resolve("routes.txt").toString()));
        try {
            this.routes = StaticRoutes.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the route table " + file + " (" + ROUTES + ")", e);
        }
        if (!routes.isEmpty() && !System.getProperty(GATEWAY, "").isBlank()) {
            throw new IllegalStateException(GATEWAY + " sends every delivery through one relay, so the route table "
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
