package fr.caducee.server.autoconfig;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.webadmin.Routes;

import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.domain.model.PatientAddress;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The DNS records to publish for mail clients ({@link DnsRecords}), on WebAdmin behind the operator's token like
 * every route: {@code GET /autoconfig/dns} gives every served domain's zone lines (patients' domains only when
 * patients use mail clients), {@code ?domain=} one domain's, with this server's host name and published ports.
 */
public class DnsRecordsRoutes implements Routes {
    static final String PATH = "/autoconfig/dns";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AutoconfigSettings settings;
    private final DomainList domains;

    @Inject
    public DnsRecordsRoutes(AutoconfigSettings settings, DomainList domains) {
        this.settings = settings;
        this.domains = domains;
    }

    @Override
    public String getBasePath() {
        return PATH;
    }

    @Override
    public void define(Service service) {
        service.get(PATH, this::answer);
    }

    private Object answer(Request request, Response response) throws Exception {
        String asked = request.queryParams("domain");
        List<String> served;
        if (asked == null || asked.isBlank()) {
            served = domains.getDomains().stream().map(Domain::asString).filter(this::forMailClients).sorted().toList();
        } else {
            String domain = asked.strip().toLowerCase(Locale.ROOT);
            if (!isDomain(domain) || !domains.containsDomain(Domain.of(domain)) || !forMailClients(domain)) {
                response.status(404);
                response.type("application/json");
                return JSON.writeValueAsString(Map.of("statusCode", 404, "message", "Mail clients are not served at "
                    + "this domain here: it is not a domain of this server, or a patients' domain (patients use the "
                    + "webmail)"));
            }
            served = List.of(domain);
        }
        response.type("text/plain; charset=utf-8");
        return DnsRecords.zone(served, settings);
    }

    private boolean forMailClients(String domain) {
        return settings.patientMailClients() || !PatientAddress.isPatientDomain(domain);
    }

    private static boolean isDomain(String domain) {
        try {
            Domain.of(domain);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
