package fr.caducee.server.routing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.api.TemporaryResolutionException;

/**
 * James's DNS service, with the static route table in front of MX lookups. RemoteDelivery asks the DNS service for a
 * domain's mail servers and accepts {@code host:port} answers, so a routed domain is delivered to its configured host
 * with the same TLS, retries and notifications as any other; every other lookup goes to DNS unchanged.
 */
public final class RoutedDnsService implements DNSService {
    private final DNSService dns;
    private final StaticRoutes routes;

    public RoutedDnsService(DNSService dns, StaticRoutes routes) {
        this.dns = dns;
        this.routes = routes;
    }

    @Override
    public Collection<String> findMXRecords(String hostname) throws TemporaryResolutionException {
        Optional<String> route = routes.routeFor(hostname);
        return route.isPresent() ? List.of(route.get()) : dns.findMXRecords(hostname);
    }

    @Override
    public Collection<String> findTXTRecords(String hostname) {
        return dns.findTXTRecords(hostname);
    }

    @Override
    public Collection<InetAddress> getAllByName(String host) throws UnknownHostException {
        return dns.getAllByName(host);
    }

    @Override
    public InetAddress getByName(String host) throws UnknownHostException {
        return dns.getByName(host);
    }

    @Override
    public InetAddress getLocalHost() throws UnknownHostException {
        return dns.getLocalHost();
    }

    @Override
    public String getHostName(InetAddress addr) {
        return dns.getHostName(addr);
    }
}
