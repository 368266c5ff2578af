package fr.caducee.server.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.server.DemoData;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * The gateway's {@code caducee.gateway.*} settings, checked at start: a wrong value stops the server with a sentence
 * naming the key (docs/CONFIGURATION.md, "The hospital gateway"). What only the directory can tell (the box exists, is
 * an APP box) is checked by {@link HospitalPeers}.
 *
 * @param bind            MLLP over TLS, a client certificate required; empty: no listener
 * @param plainBind       plain MLLP on a loopback address, for development; empty: none
 * @param maxMessageBytes the largest frame taken
 * @param maxConnections  connections served at once, both listeners together
 * @param idleTimeout     a connection silent this long is closed
 * @param zone            the zone an arrival's day and {@code summaryAt} are read in
 * @param summaryAt       the local time the previous day's summary goes to each ED
 * @param hospitals       the hospitals declared, in the order of {@code caducee.gateway.hospitals}
 */
public record GatewaySettings(Optional<InetSocketAddress> bind, Optional<InetSocketAddress> plainBind,
                              int maxMessageBytes, int maxConnections, Duration idleTimeout, ZoneId zone,
                              LocalTime summaryAt, List<Hospital> hospitals) {
    public GatewaySettings {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(plainBind, "plainBind");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(summaryAt, "summaryAt");
        hospitals = List.copyOf(hospitals);
    }

    /** True when the gateway listens at all: without a listener nothing arrives, and no summary is sent. */
    public boolean listening() {
        return bind.isPresent() || plainBind.isPresent();
    }

    /**
     * A hospital as the operator declared it ({@code caducee.gateway.hospital.<id>.*}).
     *
     * @param id            the id in the keys
     * @param box           its APP box, named by its client certificate
     * @param name          as the notices name it; empty: the box's structure's name
     * @param finess        FINESS its messages may carry in MSH-4, besides its box's structure's
     * @param edBox         the ED's ORG box, which gets the daily summary
     * @param edUnits       unit codes that are its ED (ZBE-7.10, PV1-3.1)
     * @param edContact     how a GP reaches the ED, written in the notice
     * @param returnAddress where its MLLP receiver takes the business receipts (unresolved host and port)
     */
    public record Hospital(String id, BoxAddress box, String name, Set<Finess> finess, Optional<BoxAddress> edBox,
                           Set<String> edUnits, String edContact, Optional<InetSocketAddress> returnAddress) {
        public Hospital {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(box, "box");
            name = Objects.requireNonNullElse(name, "");
            finess = Set.copyOf(finess);
            edBox = Objects.requireNonNullElse(edBox, Optional.empty());
            edUnits = Set.copyOf(edUnits);
            edContact = Objects.requireNonNullElse(edContact, "");
            returnAddress = Objects.requireNonNullElse(returnAddress, Optional.empty());
        }
    }

    public static GatewaySettings from(Settings settings) {
        Optional<InetSocketAddress> bind = address(settings, Setting.GATEWAY_BIND);
        Optional<InetSocketAddress> plainBind = address(settings, Setting.GATEWAY_PLAIN_BIND);
        if (plainBind.isPresent()) {
            checkLoopback(settings, plainBind.get());
        }
        if (bind.isPresent() && plainBind.isPresent() && bind.get().getPort() != 0
                && bind.get().getPort() == plainBind.get().getPort()) {
            throw settings.invalid(Setting.GATEWAY_PLAIN_BIND, "uses the port of " + Setting.GATEWAY_BIND
                + " (" + bind.get().getPort() + "): give each listener its own port");
        }
        int maxMessageBytes = (int) settings.number(Setting.GATEWAY_MAX_MESSAGE_BYTES, 1024, Integer.MAX_VALUE - 16);
        int maxConnections = (int) settings.number(Setting.GATEWAY_MAX_CONNECTIONS, 1, 10_000);
        Duration idle = Duration.ofSeconds(settings.number(Setting.GATEWAY_IDLE_SECONDS, 1, 86_400));
        ZoneId zone;
        try {
            zone = ZoneId.of(settings.text(Setting.GATEWAY_ZONE));
        } catch (DateTimeException e) {
            throw settings.invalid(Setting.GATEWAY_ZONE, "must be a time zone such as Europe/Paris, was '"
                + settings.text(Setting.GATEWAY_ZONE) + "'");
        }
        LocalTime summaryAt;
        try {
            summaryAt = LocalTime.parse(settings.text(Setting.GATEWAY_SUMMARY_AT));
        } catch (DateTimeParseException e) {
            throw settings.invalid(Setting.GATEWAY_SUMMARY_AT, "must be a local time HH:mm (or HH:mm:ss) such as "
                + "07:00, was '" + settings.text(Setting.GATEWAY_SUMMARY_AT) + "'");
        }
        return new GatewaySettings(bind, plainBind, maxMessageBytes, maxConnections, idle, zone, summaryAt,
            hospitals(settings));
    }

    /**
     * The hospitals of {@code caducee.gateway.hospitals}; with none declared, a demonstration server
     * ({@code caducee.demo}) declares its demo hospital, so that the gateway can be tried at once.
     */
    private static List<Hospital> hospitals(Settings settings) {
        List<String> ids = Arrays.stream(settings.text(Setting.GATEWAY_HOSPITALS).split(","))
            .map(String::strip).filter(id -> !id.isEmpty()).toList();
        for (Setting setting : Setting.values()) {
            if (setting.perId() && setting.key().startsWith("caducee.gateway.hospital.")) {
                for (String id : settings.perId(setting).keySet()) {
                    if (!ids.contains(id)) {
                        throw settings.invalid(setting, id, "describes a hospital '" + id + "' that "
                            + Setting.GATEWAY_HOSPITALS + " does not list (" + String.join(",", ids) + ")");
                    }
                }
            }
        }
        if (ids.isEmpty()) {
            return settings.flag(Setting.DEMO) ? List.of(DemoData.hospital()) : List.of();
        }
        if (new LinkedHashSet<>(ids).size() != ids.size()) {
            throw settings.invalid(Setting.GATEWAY_HOSPITALS, "lists a hospital twice: " + ids);
        }
        List<Hospital> hospitals = new ArrayList<>();
        Map<BoxAddress, String> boxes = new HashMap<>();
        for (String id : ids) {
            if (!id.matches("[A-Za-z0-9_-]+")) {
                throw settings.invalid(Setting.GATEWAY_HOSPITALS, "names a hospital '" + id + "': an id is made of "
                    + "letters, digits, - and _");
            }
            BoxAddress box = settings.perId(Setting.GATEWAY_HOSPITAL_BOX, id)
                .map(value -> box(settings, Setting.GATEWAY_HOSPITAL_BOX, id, value))
                .orElseThrow(() -> settings.invalid(Setting.GATEWAY_HOSPITAL_BOX, id, "is missing: each hospital of "
                    + Setting.GATEWAY_HOSPITALS + " names the APP box its information system sends as"));
            String other = boxes.put(box, id);
            if (other != null) {
                throw settings.invalid(Setting.GATEWAY_HOSPITAL_BOX, id, "names " + box + ", the box of hospital '"
                    + other + "' too: a certificate must tell one hospital");
            }
            Set<Finess> finess = new LinkedHashSet<>();
            for (String value : list(settings, Setting.GATEWAY_HOSPITAL_FINESS, id)) {
                try {
                    finess.add(Finess.parse(value));
                } catch (InvalidIdentifierException e) {
                    throw settings.invalid(Setting.GATEWAY_HOSPITAL_FINESS, id, "holds '" + value + "', which is not "
                        + "a FINESS: " + e.getMessage());
                }
            }
            Optional<BoxAddress> edBox = settings.perId(Setting.GATEWAY_HOSPITAL_ED_BOX, id).filter(v -> !v.isBlank())
                .map(value -> box(settings, Setting.GATEWAY_HOSPITAL_ED_BOX, id, value));
            Optional<InetSocketAddress> returnAddress = settings.perId(Setting.GATEWAY_HOSPITAL_RETURN_ADDRESS, id)
                .filter(value -> !value.isBlank())
                .map(value -> {
                    int colon = value.lastIndexOf(':');
                    return InetSocketAddress.createUnresolved(value.substring(0, colon),
                        Integer.parseInt(value.substring(colon + 1)));
                });
            hospitals.add(new Hospital(id, box, settings.perId(Setting.GATEWAY_HOSPITAL_NAME, id).orElse(""),
                finess, edBox, new LinkedHashSet<>(list(settings, Setting.GATEWAY_HOSPITAL_ED_UNITS, id)),
                settings.perId(Setting.GATEWAY_HOSPITAL_ED_CONTACT, id).orElse(""), returnAddress));
        }
        return hospitals;
    }

    private static List<String> list(Settings settings, Setting setting, String id) {
        return settings.perId(setting, id).stream()
            .flatMap(value -> Arrays.stream(value.split(",")))
            .map(String::strip).filter(value -> !value.isEmpty()).toList();
    }

    private static BoxAddress box(Settings settings, Setting setting, String id, String value) {
        try {
            return BoxAddress.parse(value.strip());
        } catch (IllegalArgumentException e) {
            throw settings.invalid(setting, id, "must be a box address, was '" + value + "'");
        }
    }

    private static Optional<InetSocketAddress> address(Settings settings, Setting setting) {
        String value = settings.text(setting).strip();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        int colon = value.lastIndexOf(':');
        return Optional.of(new InetSocketAddress(value.substring(0, colon),
            Integer.parseInt(value.substring(colon + 1))));
    }

    /** Plain MLLP carries patients' data in clear: only between processes of this machine. */
    private static void checkLoopback(Settings settings, InetSocketAddress address) {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(address.getHostString()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw settings.invalid(Setting.GATEWAY_PLAIN_BIND, "must be a loopback address (127.0.0.1, ::1): plain "
                + "MLLP carries patients' data in clear, for development on this machine only; hospitals connect to "
                + Setting.GATEWAY_BIND + " (TLS, client certificate), was '" + settings.text(Setting.GATEWAY_PLAIN_BIND)
                + "'");
        }
    }
}
