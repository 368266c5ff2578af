package fr.caducee.server.autoconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.server.api.ApiAnswer;
import fr.caducee.server.api.ApiCall;
import fr.caducee.server.settings.Setting;

class AutoconfigRoutesTest {
    static final String REMOTE = "192.0.2.7";
    static final String WEBMAIL = "https://webmail.chu-exemple.fr";

    private final DomainList domains = mock(DomainList.class);
    private final List<AuditRecord> audit = new ArrayList<>();
    private AutoconfigRoutes routes;

    @BeforeEach
    void serveTheHospitalsDomainAndItsPatientsDomain() throws Exception {
        when(domains.containsDomain(any())).thenReturn(false);
        when(domains.containsDomain(Domain.of("chu-exemple.fr"))).thenReturn(true);
        when(domains.containsDomain(Domain.of("patient.chu-exemple.fr"))).thenReturn(true);
        routes = routes(Map.of());
    }

    private AutoconfigRoutes routes(Map<Setting, String> settings) {
        return new AutoconfigRoutes(AutoconfigSettingsTest.from(settings), domains, WEBMAIL, audit::add,
            Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));
    }

    static ApiCall call(String method, String path, String query, String host, String body) throws Exception {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (query != null) {
            int equals = query.indexOf('=');
            parameters.put(query.substring(0, equals), List.of(query.substring(equals + 1)));
        }
        return new ApiCall(null, method, path, "", parameters,
            name -> "Host".equalsIgnoreCase(name) ? Optional.ofNullable(host) : Optional.empty(),
            body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), "https://" + host);
    }

    private ApiAnswer get(String path, String query, String host) throws Exception {
        return routes.answer(call("GET", path, query, host, null), REMOTE);
    }

    private ApiAnswer post(String body) throws Exception {
        return routes.answer(call("POST", "/autodiscover/autodiscover.xml", null, "autodiscover.chu-exemple.fr", body),
            REMOTE);
    }

    static String text(ApiAnswer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    @Test
    void itAnswersThunderbirdsTwoPathsAndOutlooksInAnyCaseAndNothingElse() {
        assertThat(routes.serves("/.well-known/autoconfig/mail/config-v1.1.xml")).isTrue();
        assertThat(routes.serves("/mail/config-v1.1.xml")).isTrue();
        assertThat(routes.serves("/autodiscover/autodiscover.xml")).isTrue();
        assertThat(routes.serves("/Autodiscover/Autodiscover.xml")).isTrue();
        assertThat(routes.serves("/fhir/DocumentReference")).isFalse();
        assertThat(routes.serves("/mail/config-v1.1.xml/../x")).isFalse();
    }

    @Test
    void theDomainIsTheEmailAddresssElseTheHostsAfterAutoconfig() throws Exception {
        ApiAnswer byAddress = get("/.well-known/autoconfig/mail/config-v1.1.xml", "emailaddress=dr.durand@chu-exemple.fr",
            "localhost:10443");
        ApiAnswer byAutoconfigHost = get("/mail/config-v1.1.xml", null, "autoconfig.chu-exemple.fr");
        ApiAnswer byDomainHost = get("/.well-known/autoconfig/mail/config-v1.1.xml", null, "CHU-exemple.fr:443");

        for (ApiAnswer answer : List.of(byAddress, byAutoconfigHost, byDomainHost)) {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.contentType()).isEqualTo("application/xml; charset=utf-8");
            assertThat(answer.headers()).containsEntry("Cache-Control", "public, max-age=3600");
            assertThat(text(answer)).contains("<emailProvider id=\"chu-exemple.fr\">");
        }
        assertThat(audit).isEmpty();
    }

    @Test
    void aDomainNotServedHereIs404WithASentenceAndAudited() throws Exception {
        ApiAnswer answer = get("/mail/config-v1.1.xml", "emailaddress=someone@gmail.com", "autoconfig.gmail.com");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("text/plain");
        assertThat(text(answer)).isEqualTo("autoconfig-unknown-domain: This server does not serve gmail.com: its mail "
            + "settings are given by the operator of gmail.com\n");
        assertThat(audit).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.REFUSED);
            assertThat(record.rule()).isEqualTo("autoconfig-unknown-domain");
            assertThat(record.via()).isEqualTo("autoconfig");
            assertThat(record.remote()).isEqualTo(REMOTE);
            assertThat(record.reason()).startsWith("404 GET /mail/config-v1.1.xml: This server does not serve gmail.com");
        });
    }

    @Test
    void aHostThatNamesNoDomainIsAskedForTheAddress() throws Exception {
        ApiAnswer answer = get("/.well-known/autoconfig/mail/config-v1.1.xml", null, "[::1]:10443");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(text(answer)).contains("?emailaddress=<box address>");
        assertThat(audit).extracting(AuditRecord::rule).containsExactly("autoconfig-unknown-domain");
    }

    @Test
    void patientsAreSentToTheWebmailUnlessTheyMayUseMailClients() throws Exception {
        ApiAnswer refused = get("/mail/config-v1.1.xml", "emailaddress=146026322000196@patient.chu-exemple.fr", null);

        assertThat(refused.status()).isEqualTo(404);
        assertThat(text(refused)).contains("patients read and write their messages in the webmail, " + WEBMAIL);
        assertThat(audit).extracting(AuditRecord::rule).containsExactly("autoconfig-unknown-domain");

        routes = routes(Map.of(Setting.PATIENTS_MAIL_CLIENTS, "true"));
        assertThat(get("/mail/config-v1.1.xml", "emailaddress=146026322000196@patient.chu-exemple.fr", null).status())
            .isEqualTo(200);
    }

    @Test
    void anEmailAddressThatIsNoneIsABadRequest() throws Exception {
        ApiAnswer answer = get("/mail/config-v1.1.xml", "emailaddress=dr durand", "autoconfig.chu-exemple.fr");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(text(answer)).startsWith("autoconfig-request-unreadable: emailaddress must be the address");
        assertThat(audit).extracting(AuditRecord::rule).containsExactly("autoconfig-request-unreadable");
    }

    @Test
    void thunderbirdsFileIsOnlyFetched() throws Exception {
        ApiAnswer answer = routes.answer(call("PUT", "/mail/config-v1.1.xml", null, "autoconfig.chu-exemple.fr", "x"),
            REMOTE);

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.headers()).containsEntry("Allow", "GET");
        assertThat(audit).extracting(AuditRecord::rule).containsExactly("api-method-not-allowed");
    }

    @Test
    void outlooksRequestForAServedDomainGetsItsSettings() throws Exception {
        ApiAnswer answer = post(OutlookAutodiscoverTest.request("dr.durand@chu-exemple.fr"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("text/xml; charset=utf-8");
        assertThat(text(answer)).contains("<LoginName>dr.durand@chu-exemple.fr</LoginName>");
        assertThat(audit).isEmpty();
    }

    @Test
    void outlooksRequestForAnotherDomainIsPoxError500In404() throws Exception {
        ApiAnswer answer = post(OutlookAutodiscoverTest.request("someone@gmail.com"));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(text(answer)).contains("<ErrorCode>500</ErrorCode>")
            .contains("<DebugData>autoconfig-unknown-domain</DebugData>");
        assertThat(audit).extracting(AuditRecord::rule).containsExactly("autoconfig-unknown-domain");
    }

    @Test
    void whatIsNotOutlooksRequestIsPoxError600In400AndAudited() throws Exception {
        ApiAnswer malformed = post("<Autodiscover><Request>");
        ApiAnswer fetched = routes.answer(call("GET", "/Autodiscover/Autodiscover.xml", null, "x", null), REMOTE);

        for (ApiAnswer answer : List.of(malformed, fetched)) {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(text(answer)).contains("<ErrorCode>600</ErrorCode>")
                .contains("<DebugData>autoconfig-request-unreadable</DebugData>");
        }
        assertThat(audit).extracting(AuditRecord::rule)
            .containsExactly("autoconfig-request-unreadable", "autoconfig-request-unreadable");
        assertThat(audit.get(0).reason()).startsWith("400 POST /autodiscover/autodiscover.xml: The request is not "
            + "well-formed XML");
    }

    @Test
    void domainsThatCannotBeReadAreTheDirectoryUnavailable() throws Exception {
        when(domains.containsDomain(Domain.of("chu-exemple.fr"))).thenThrow(new DomainListException("down"));

        assertThatThrownBy(() -> get("/mail/config-v1.1.xml", null, "autoconfig.chu-exemple.fr"))
            .isInstanceOf(DirectoryUnavailableException.class);
    }
}
