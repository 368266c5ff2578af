package fr.caducee.server.autoconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.caducee.server.settings.Setting;

class DnsRecordsTest {

    @Test
    void eachDomainGetsItsSrvRecordsImplicitTlsPreferredAndTheAutoconfigNames() {
        String zone = DnsRecords.lines("chu-exemple.fr", AutoconfigSettingsTest.from(Map.of(Setting.AUTOCONFIG_PORTS,
            "imaps=993,imap=143,submissions=465,submission=587,api=443")));

        assertThat(zone.lines().toList()).containsExactly(
            "; mail clients of chu-exemple.fr (RFC 6186, RFC 8314, autoconfig, autodiscover)",
            "_imaps._tcp.chu-exemple.fr.        3600 IN SRV 0 1 993 mail.chu-exemple.fr.",
            "_imap._tcp.chu-exemple.fr.         3600 IN SRV 10 1 143 mail.chu-exemple.fr.",
            "_submissions._tcp.chu-exemple.fr.  3600 IN SRV 0 1 465 mail.chu-exemple.fr.",
            "_submission._tcp.chu-exemple.fr.   3600 IN SRV 10 1 587 mail.chu-exemple.fr.",
            "_pop3s._tcp.chu-exemple.fr.        3600 IN SRV 0 0 0 .",
            "_pop3._tcp.chu-exemple.fr.         3600 IN SRV 0 0 0 .",
            "autoconfig.chu-exemple.fr.         3600 IN CNAME mail.chu-exemple.fr.",
            "autodiscover.chu-exemple.fr.       3600 IN CNAME mail.chu-exemple.fr.",
            "_autodiscover._tcp.chu-exemple.fr. 3600 IN SRV 0 1 443 mail.chu-exemple.fr.");
    }

    @Test
    void aListenerLeftOutIsAServiceNotOffered() {
        String zone = DnsRecords.lines("chu-exemple.fr", AutoconfigSettingsTest.from(Map.of(Setting.AUTOCONFIG_PORTS,
            "imap=none,submission=none")));

        assertThat(zone).contains("_imap._tcp.chu-exemple.fr.         3600 IN SRV 0 0 0 .\n")
            .contains("_submission._tcp.chu-exemple.fr.   3600 IN SRV 0 0 0 .\n")
            .contains("_imaps._tcp.chu-exemple.fr.        3600 IN SRV 0 1 10993 mail.chu-exemple.fr.\n");
    }

    @Test
    void severalDomainsFollowEachOtherSeparatedByABlankLine() {
        String zone = DnsRecords.zone(List.of("a.fr", "b.fr"), AutoconfigSettingsTest.from(Map.of()));

        assertThat(zone).contains("autoconfig.a.fr.").contains("\n\n; mail clients of b.fr");
    }
}
