package fr.caducee.server.autoconfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

import fr.caducee.server.ServerLayout;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * What mail clients are told, read once at start from {@code caducee.autoconfig.*} and the listeners' binds: a wrong
 * value stops the server with a sentence naming the key.
 *
 * @param host               the host name every advertised server is reached at
 * @param servers            the advertised listeners, in the order clients should prefer them ({@link MailService})
 * @param apiPort            the port the HTTPS API (and so autodiscover) is published on, for its SRV record
 * @param oauthIssuer        Pro Santé Connect's issuer when token logins are offered
 * @param patientMailClients whether patients may use mail clients ({@code caducee.patients.mailClients})
 */
public record AutoconfigSettings(String host, List<AdvertisedServer> servers, int apiPort, Optional<String> oauthIssuer,
                                 boolean patientMailClients) {
    static final String API = "api";
    static final String NONE = "none";
    private static final Pattern HOST_NAME =
        Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    public AutoconfigSettings {
        servers = List.copyOf(servers);
    }

    public static AutoconfigSettings from(Settings settings) {
        Map<String, OptionalInt> published = publishedPorts(settings);
        List<AdvertisedServer> servers = new ArrayList<>();
        for (MailService service : MailService.values()) {
            OptionalInt port = published.containsKey(service.serviceName()) ? published.get(service.serviceName())
                : OptionalInt.of(bindPort(settings, service.bind(), service.serviceName()));
            port.ifPresent(p -> servers.add(new AdvertisedServer(service, p)));
        }
        for (MailService.Protocol protocol : MailService.Protocol.values()) {
            if (servers.stream().noneMatch(server -> server.service().protocol() == protocol)) {
                throw settings.invalid(Setting.AUTOCONFIG_PORTS, "leaves no " + protocol + " listener to tell mail "
                    + "clients about: one of them at least must not be none");
            }
        }
        OptionalInt api = published.containsKey(API) ? published.get(API)
            : OptionalInt.of(bindPort(settings, Setting.API_BIND, API));
        if (api.isEmpty()) {
            throw settings.invalid(Setting.AUTOCONFIG_PORTS, "api cannot be none: autoconfiguration is served there");
        }
        String issuer = settings.text(Setting.PSC_ISSUER).strip();
        return new AutoconfigSettings(host(settings), servers, api.getAsInt(),
            issuer.isEmpty() ? Optional.empty() : Optional.of(issuer), settings.flag(Setting.PATIENTS_MAIL_CLIENTS));
    }

    /** The IMAP listeners advertised, preferred first. */
    public List<AdvertisedServer> incoming() {
        return servers.stream().filter(server -> server.service().protocol() == MailService.Protocol.IMAP).toList();
    }

    /** The SMTP submission listeners advertised, preferred first. */
    public List<AdvertisedServer> outgoing() {
        return servers.stream().filter(server -> server.service().protocol() == MailService.Protocol.SMTP).toList();
    }

    /** The port published for a service; empty when it is not advertised. */
    public OptionalInt port(MailService service) {
        return servers.stream().filter(server -> server.service() == service).mapToInt(AdvertisedServer::port)
            .findFirst();
    }

    private static String host(Settings settings) {
        String given = settings.text(Setting.AUTOCONFIG_HOST).strip().toLowerCase(Locale.ROOT);
        String host = given.isEmpty() ? ServerLayout.from(settings).hostNames().get(0).toLowerCase(Locale.ROOT) : given;
        if (!HOST_NAME.matcher(host).matches()) {
            throw settings.invalid(given.isEmpty() ? Setting.HOSTNAMES : Setting.AUTOCONFIG_HOST,
                "must be the host name mail clients connect to (e.g. mail.chu-exemple.fr), was '" + host + "'");
        }
        return host;
    }

    /** {@code imaps=993,imap=none,...}: the ports given, by service name; a service not named keeps its bind's. */
    private static Map<String, OptionalInt> publishedPorts(Settings settings) {
        Map<String, OptionalInt> ports = new LinkedHashMap<>();
        String value = settings.text(Setting.AUTOCONFIG_PORTS).strip();
        if (value.isEmpty()) {
            return ports;
        }
        List<String> names = new ArrayList<>();
        for (MailService service : MailService.values()) {
            names.add(service.serviceName());
        }
        names.add(API);
        for (String entry : value.split(",")) {
            String[] pair = entry.strip().split("=", -1);
            String name = pair[0].strip().toLowerCase(Locale.ROOT);
            if (pair.length != 2 || !names.contains(name)) {
                throw settings.invalid(Setting.AUTOCONFIG_PORTS, "must be name=port pairs, the names among "
                    + String.join(", ", names) + ", separated by commas, was '" + value + "'");
            }
            if (ports.containsKey(name)) {
                throw settings.invalid(Setting.AUTOCONFIG_PORTS, "names " + name + " twice");
            }
            ports.put(name, port(settings, name, pair[1].strip()));
        }
        return ports;
    }

    private static OptionalInt port(Settings settings, String name, String text) {
        if (NONE.equalsIgnoreCase(text)) {
            return OptionalInt.empty();
        }
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65_535) {
                return OptionalInt.of(port);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw settings.invalid(Setting.AUTOCONFIG_PORTS, name + " must be a port from 1 to 65535 or none, was '"
            + text + "'");
    }

    private static int bindPort(Settings settings, Setting bind, String name) {
        String value = settings.text(bind);
        int port = Integer.parseInt(value.substring(value.lastIndexOf(':') + 1));
        if (port == 0) {
            throw settings.invalid(Setting.AUTOCONFIG_PORTS, "must give " + name + "'s port: " + bind.key()
                + " asks for any free port (0), which mail clients cannot be told");
        }
        return port;
    }
}
