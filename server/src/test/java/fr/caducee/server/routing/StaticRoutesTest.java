package fr.caducee.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.apache.james.dnsservice.api.DNSService;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

class StaticRoutesTest {
    @Test
    void routedDomainGoesToItsHostAndOthersToTheDefaultRoute() {
        StaticRoutes routes = StaticRoutes.parse(List.of(
            "# comment",
            "",
            "CHU-Exemple.fr   relais.chu-exemple.fr:2525",
            "*                relais.operateur.fr:25"), "routes.txt");

        assertThat(routes.routeFor("chu-exemple.fr")).contains("relais.chu-exemple.fr:2525");
        assertThat(routes.routeFor("clinique.fr")).contains("relais.operateur.fr:25");
        assertThat(routes.size()).isEqualTo(2);
    }

    @Test
    void withoutADefaultRouteOtherDomainsHaveNone() {
        StaticRoutes routes = StaticRoutes.parse(List.of("chu-exemple.fr localhost:10025"), "routes.txt");

        assertThat(routes.routeFor("clinique.fr")).isEmpty();
    }

    @Test
    void badLinesAreRefusedWithTheirNumberAndTheReason() {
        assertRefused("chu-exemple.fr", "line 1", "expected a domain and host:port");
        assertRefused("chu-exemple.fr relais.chu-exemple.fr", "line 1", "must be host:port");
        assertRefused("chu-exemple.fr 127.0.0.1:25", "line 1", "must be a host name, not an address");
        assertRefused("chu-exemple.fr [::1]:25", "line 1", "must be host:port");
        assertRefused("chu-exemple.fr relais:99999", "line 1", "is not a port");
        assertRefused("chu_exemple.fr relais:25", "line 1", "is not a domain name");
        assertThatThrownBy(() -> StaticRoutes.parse(List.of("# routes", "a.fr relais:25", "A.fr autre:25"), "routes.txt"))
            .isInstanceOf(StaticRoutes.InvalidRouteException.class)
            .hasMessageContaining("routes.txt line 3 'A.fr autre:25'").hasMessageContaining("already has a route");
    }

    @Test
    void dnsAnswersTheRouteForARoutedDomainAndAsksDnsForTheOthers() throws Exception {
        DNSService dns = Mockito.mock(DNSService.class);
        Mockito.when(dns.findMXRecords("clinique.fr")).thenReturn(List.of("mx.clinique.fr"));
        RoutedDnsService routed = new RoutedDnsService(dns,
            StaticRoutes.parse(List.of("chu-exemple.fr relais.chu-exemple.fr:2525"), "routes.txt"));

        assertThat(routed.findMXRecords("chu-exemple.fr")).containsExactly("relais.chu-exemple.fr:2525");
        assertThat(routed.findMXRecords("clinique.fr")).containsExactly("mx.clinique.fr");
    }

    private static void assertRefused(String line, String where, String reason) {
        assertThatThrownBy(() -> StaticRoutes.parse(List.of(line), "routes.txt"))
            .isInstanceOf(StaticRoutes.InvalidRouteException.class)
            .hasMessageContaining("routes.txt " + where).hasMessageContaining(reason);
    }
}
