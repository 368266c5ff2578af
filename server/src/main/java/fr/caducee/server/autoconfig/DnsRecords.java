package fr.caducee.server.autoconfig;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The DNS records that let mail clients find this server from a box address alone, as zone-file lines for each
 * domain: RFC 6186's SRV records with RFC 8314's {@code _submissions} (implicit TLS at priority 0, preferred;
 * STARTTLS at 10; a service not offered, POP3 included, as {@code 0 0 0 .}), the {@code autoconfig.<domain>} name
 * Thunderbird fetches its file from, and Outlook's {@code autodiscover.<domain>} name and {@code _autodiscover} SRV.
 */
final class DnsRecords {
    static final int TTL = 3600;
    static final int PREFERRED = 0;
    static final int FALLBACK = 10;
    private static final List<String> NOT_OFFERED = List.of("pop3s", "pop3");

    private DnsRecords() {
    }

    static String zone(List<String> domains, AutoconfigSettings settings) {
        StringBuilder zone = new StringBuilder();
        for (String domain : domains) {
            zone.append(zone.isEmpty() ? "" : "\n").append(lines(domain, settings));
        }
        return zone.toString();
    }

    /** One domain's records, aligned, after a comment naming it. */
    static String lines(String domain, AutoconfigSettings settings) {
        String target = settings.host() + ".";
        List<String[]> records = new ArrayList<>();
        for (MailService service : MailService.values()) {
            OptionalInt port = settings.port(service);
            String name = "_" + service.serviceName() + "._tcp." + domain + ".";
            records.add(port.isPresent()
                ? srv(name, service.implicitTls() ? PREFERRED : FALLBACK, 1, port.getAsInt(), target)
                : srv(name, 0, 0, 0, "."));
        }
        for (String service : NOT_OFFERED) {
            records.add(srv("_" + service + "._tcp." + domain + ".", 0, 0, 0, "."));
        }
        records.add(new String[] {"autoconfig." + domain + ".", "CNAME " + target});
        records.add(new String[] {"autodiscover." + domain + ".", "CNAME " + target});
        records.add(srv("_autodiscover._tcp." + domain + ".", PREFERRED, 1, settings.apiPort(), target));
        int width = records.stream().mapToInt(record -> record[0].length()).max().orElse(0);
        StringBuilder lines = new StringBuilder("; mail clients of " + domain + " (RFC 6186, RFC 8314, autoconfig, "
            + "autodiscover)\n");
        for (String[] record : records) {
            lines.append(String.format("%-" + width + "s %d IN %s", record[0], TTL, record[1])).append('\n');
        }
        return lines.toString();
    }

    private static String[] srv(String name, int priority, int weight, int port, String target) {
        return new String[] {name, "SRV " + priority + " " + weight + " " + port + " " + target};
    }
}
