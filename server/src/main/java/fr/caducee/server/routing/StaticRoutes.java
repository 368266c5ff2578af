package fr.caducee.server.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The static route table: for a recipient domain, the host and port that receive its mail instead of the domain's
 * MX records (an operator reached through a relay, or a test peer on loopback). One route per line:
 * <pre>
 * # domain                 host:port
 * chu-exemple.fr           relais.chu-exemple.fr:25
 * operateur-b.localhost    localhost:10025
 * *                        relais.mon-operateur.fr:25     (every other domain; optional)
 * </pre>
 * Blank lines and lines starting with {@code #} are ignored. Hosts are names, never address literals: delivery checks
 * the remote certificate against the host name. A line that does not follow this stops the server at start, with
 * its number.
 */
public final class StaticRoutes {
    public static final String DEFAULT_ROUTE = "*";
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile("[0-9.]+");

    private final Map<String, String> routes;

    private StaticRoutes(Map<String, String> routes) {
        this.routes = Map.copyOf(routes);
    }

    public static StaticRoutes none() {
        return new StaticRoutes(Map.of());
    }

    /** A missing file is an empty table. */
    public static StaticRoutes load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return none();
        }
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.getFileName().toString());
    }

    /** @throws InvalidRouteException naming the first bad line */
    static StaticRoutes parse(List<String> lines, String source) {
        Map<String, String> routes = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1) + " '" + line + "'";
            String[] fields = line.split("\\s+");
            if (fields.length != 2) {
                throw new InvalidRouteException(where + ": expected a domain and host:port separated by spaces");
            }
            String domain = fields[0].toLowerCase(Locale.ROOT);
            if (!domain.equals(DEFAULT_ROUTE) && !DOMAIN.matcher(domain).matches()) {
                throw new InvalidRouteException(where + ": '" + fields[0] + "' is not a domain name (or * for every other domain)");
            }
            String destination = destination(fields[1], where);
            if (routes.putIfAbsent(domain, destination) != null) {
                throw new InvalidRouteException(where + ": " + domain + " already has a route");
            }
        }
        return new StaticRoutes(routes);
    }

    private static String destination(String field, String where) {
        int colon = field.lastIndexOf(':');
        if (colon <= 0 || field.indexOf(':') != colon) {
            throw new InvalidRouteException(where + ": '" + field + "' must be host:port");
        }
        String host = field.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!DOMAIN.matcher(host).matches() || IPV4.matcher(host).matches()) {
            throw new InvalidRouteException(where + ": '" + host + "' must be a host name, not an address: the remote "
                + "certificate is checked against it");
        }
        int port;
        try {
            port = Integer.parseInt(field.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new InvalidRouteException(where + ": '" + field.substring(colon + 1) + "' is not a port (1 to 65535)");
        }
        return host + ":" + port;
    }

    /** {@code host:port} for the domain: its own route, else the default route, else none (MX lookup). */
    public Optional<String> routeFor(String domain) {
        String key = domain.toLowerCase(Locale.ROOT);
        return Optional.ofNullable(routes.getOrDefault(key, routes.get(DEFAULT_ROUTE)));
    }

    public boolean isEmpty() {
        return routes.isEmpty();
    }

    public int size() {
        return routes.size();
    }

    /** A route table line that cannot be used. */
    public static final class InvalidRouteException extends IllegalArgumentException {
        InvalidRouteException(String message) {
            super(message);
        }
    }
}
