package fr.caducee.server.autoconfig;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.Decision;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.rules.Rule;
import fr.caducee.server.api.AnonymousResource;
import fr.caducee.server.api.ApiAnswer;
import fr.caducee.server.api.ApiCall;

/**
 * Mail clients' autoconfiguration on the HTTPS API listener, answered to anyone (clients ask before they have any
 * credential): Thunderbird's file at {@code /.well-known/autoconfig/mail/config-v1.1.xml} (fetched at
 * {@code https://<domain>/...}) and {@code /mail/config-v1.1.xml} (at {@code https://autoconfig.<domain>/...}), for the
 * domain of {@code ?emailaddress=}, else of the {@code Host}; Outlook's autodiscover (POX) at
 * {@code POST /autodiscover/autodiscover.xml}, any case. Only the domains this server serves are answered, and a
 * patients' domain only when patients may use mail clients; the answer is the same for every address of a served
 * domain, so nothing tells whether a box exists. Refusals are answered in the client's format (a sentence, or a POX
 * {@code Error}) and audited via {@code autoconfig} with the client's address.
 */
public final class AutoconfigRoutes implements AnonymousResource {
    static final String WELL_KNOWN = "/.well-known/autoconfig/mail/config-v1.1.xml";
    static final String ON_AUTOCONFIG_HOST = "/mail/config-v1.1.xml";
    static final String AUTODISCOVER = "/autodiscover/autodiscover.xml";
    static final String VIA = "autoconfig";
    static final String EMAIL_ADDRESS = "emailaddress";
    /** The file changes only with the configuration: an hour in a client's or a proxy's cache is harmless. */
    static final String CACHED_FOR_AN_HOUR = "public, max-age=3600";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String AUTOCONFIG_PREFIX = "autoconfig.";
    private static final Pattern HOST_HEADER = Pattern.compile("([a-z0-9.-]{1,253})(:[0-9]{1,5})?");

    private final AutoconfigSettings settings;
    private final DomainList domains;
    private final String webmail;
    private final AuditTrail audit;
    private final Clock clock;

    /** @param webmail the webmail's origin, where patients are sent */
    public AutoconfigRoutes(AutoconfigSettings settings, DomainList domains, String webmail, AuditTrail audit,
                            Clock clock) {
        this.settings = settings;
        this.domains = domains;
        this.webmail = webmail;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public boolean serves(String path) {
        return WELL_KNOWN.equals(path) || ON_AUTOCONFIG_HOST.equals(path) || AUTODISCOVER.equalsIgnoreCase(path);
    }

    @Override
    public ApiAnswer answer(ApiCall call, String remote) {
        return AUTODISCOVER.equalsIgnoreCase(call.path()) ? outlook(call, remote) : thunderbird(call, remote);
    }

    private ApiAnswer thunderbird(ApiCall call, String remote) {
        Format format = AutoconfigRoutes::text;
        if (!"GET".equals(call.method())) {
            return refused(call, remote, format, Rule.API_METHOD_NOT_ALLOWED,
                "Mail clients fetch their configuration with GET");
        }
        List<String> given = call.parameters().getOrDefault(EMAIL_ADDRESS, List.of());
        String domain;
        if (given.isEmpty()) {
            Optional<String> named = domainOfHost(call.header("Host"));
            if (named.isEmpty()) {
                return refused(call, remote, format, Rule.AUTOCONFIG_UNKNOWN_DOMAIN, "Name the box to configure: "
                    + "?" + EMAIL_ADDRESS + "=<box address>");
            }
            domain = named.get();
        } else {
            try {
                domain = BoxAddress.parse(given.get(0)).domain();
            } catch (IllegalArgumentException e) {
                return refused(call, remote, format, Rule.AUTOCONFIG_REQUEST_UNREADABLE, EMAIL_ADDRESS
                    + " must be the address of the box to configure, e.g. ?" + EMAIL_ADDRESS + "=dr.durand%40"
                    + "chu-exemple.fr");
            }
        }
        Optional<ApiAnswer> refusal = notForMailClients(domain, call, remote, format);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        return new ApiAnswer(200, ThunderbirdConfig.CONTENT_TYPE, ThunderbirdConfig.write(domain, settings),
            Map.of("Cache-Control", CACHED_FOR_AN_HOUR));
    }

    private ApiAnswer outlook(ApiCall call, String remote) {
        if (!"POST".equals(call.method())) {
            return refused(call, remote, pox(OutlookAutodiscover.INVALID_REQUEST), Rule.AUTOCONFIG_REQUEST_UNREADABLE,
                "Outlook's autodiscover is a POST of its POX request");
        }
        BoxAddress address;
        try {
            address = OutlookAutodiscover.emailAddress(call.body());
        } catch (OutlookAutodiscover.Unreadable e) {
            return refused(call, remote, pox(e.code()), Rule.AUTOCONFIG_REQUEST_UNREADABLE, e.getMessage());
        }
        Optional<ApiAnswer> refusal = notForMailClients(address.domain(), call, remote,
            pox(OutlookAutodiscover.ADDRESS_NOT_FOUND));
        if (refusal.isPresent()) {
            return refusal.get();
        }
        return new ApiAnswer(200, OutlookAutodiscover.CONTENT_TYPE, OutlookAutodiscover.settings(address, settings),
            Map.of());
    }

    /** A refusal when the domain is not ours, or is a patients' domain and patients do not use mail clients. */
    private Optional<ApiAnswer> notForMailClients(String domain, ApiCall call, String remote, Format format) {
        if (!served(domain)) {
            return Optional.of(refused(call, remote, format, Rule.AUTOCONFIG_UNKNOWN_DOMAIN, "This server does not "
                + "serve " + domain + ": its mail settings are given by the operator of " + domain));
        }
        if (PatientAddress.isPatientDomain(domain) && !settings.patientMailClients()) {
            return Optional.of(refused(call, remote, format, Rule.AUTOCONFIG_UNKNOWN_DOMAIN, "Patients' boxes at "
                + domain + " are not opened in a mail client: patients read and write their messages in the webmail, "
                + webmail));
        }
        return Optional.empty();
    }

    private boolean served(String domain) {
        Domain parsed;
        try {
            parsed = Domain.of(domain);
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            return domains.containsDomain(parsed);
        } catch (DomainListException e) {
            throw new DirectoryUnavailableException("the served domains cannot be read", e);
        }
    }

    /** {@code autoconfig.<domain>[:port]} names {@code <domain>}; any other host names itself. */
    static Optional<String> domainOfHost(Optional<String> host) {
        Matcher matcher = HOST_HEADER.matcher(host.orElse("").strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String name = matcher.group(1);
        return Optional.of(name.startsWith(AUTOCONFIG_PREFIX) ? name.substring(AUTOCONFIG_PREFIX.length()) : name);
    }

    private ApiAnswer refused(ApiCall call, String remote, Format format, Rule rule, String sentence) {
        int status = Integer.parseInt(rule.reply());
        audit.append(AuditRecord.builder(Decision.REFUSED).via(VIA).rule(rule.id())
            .reason(status + " " + call.method() + " " + call.path() + ": " + sentence).remote(remote).build());
        return format.answer(status, rule, sentence);
    }

    /** How a refusal is written for the client that asked. */
    @FunctionalInterface
    private interface Format {
        ApiAnswer answer(int status, Rule rule, String sentence);
    }

    /** Thunderbird shows no body: a sentence with the rule, for the person who fetches it with curl. */
    private static ApiAnswer text(int status, Rule rule, String sentence) {
        Map<String, String> headers = status == 405 ? Map.of("Allow", "GET") : Map.of();
        return new ApiAnswer(status, TEXT, (rule.id() + ": " + sentence + "\n").getBytes(StandardCharsets.UTF_8),
            headers);
    }

    /** Outlook's POX {@code Error} with its code (600, 601, 500). */
    private Format pox(int code) {
        return (status, rule, sentence) -> new ApiAnswer(status, OutlookAutodiscover.CONTENT_TYPE,
            OutlookAutodiscover.error(code, sentence, rule.id(), clock.instant(), settings.host()), Map.of());
    }
}
