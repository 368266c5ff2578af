package fr.caducee.server.autoconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

class AutoconfigSettingsTest {

    static AutoconfigSettings from(Map<Setting, String> values) {
        Map<Setting, String> given = new HashMap<>(values);
        given.putIfAbsent(Setting.HOSTNAMES, "mail.chu-exemple.fr,localhost");
        return AutoconfigSettings.from(Settings.of(given));
    }

    @Test
    void clientsAreToldTheListenersPortsImplicitTlsFirstAndTheFirstHostName() {
        AutoconfigSettings settings = from(Map.of());

        assertThat(settings.host()).isEqualTo("mail.chu-exemple.fr");
        assertThat(settings.servers()).containsExactly(
            new AdvertisedServer(MailService.IMAPS, 10993), new AdvertisedServer(MailService.IMAP, 10143),
            new AdvertisedServer(MailService.SUBMISSIONS, 10465), new AdvertisedServer(MailService.SUBMISSION, 10587));
        assertThat(settings.incoming()).extracting(AdvertisedServer::service)
            .containsExactly(MailService.IMAPS, MailService.IMAP);
        assertThat(settings.outgoing()).extracting(AdvertisedServer::service)
            .containsExactly(MailService.SUBMISSIONS, MailService.SUBMISSION);
        assertThat(settings.apiPort()).isEqualTo(10443);
        assertThat(settings.oauthIssuer()).isEmpty();
        assertThat(settings.patientMailClients()).isFalse();
    }

    @Test
    void theBindsConfiguredAreThePortsToldUnlessTheHostIsSetApart() {
        AutoconfigSettings settings = from(Map.of(Setting.IMAPS_BIND, "0.0.0.0:993",
            Setting.SUBMISSION_BIND, "192.0.2.10:587", Setting.AUTOCONFIG_HOST, "Imap.CHU-exemple.fr"));

        assertThat(settings.host()).isEqualTo("imap.chu-exemple.fr");
        assertThat(settings.port(MailService.IMAPS)).hasValue(993);
        assertThat(settings.port(MailService.SUBMISSION)).hasValue(587);
    }

    @Test
    void portsPublishedInFrontOfTheListenersReplaceTheirsAndNoneLeavesOneOut() {
        AutoconfigSettings settings = from(Map.of(Setting.AUTOCONFIG_PORTS,
            "imaps=993, imap=none,submissions=465 ,api=443"));

        assertThat(settings.servers()).containsExactly(new AdvertisedServer(MailService.IMAPS, 993),
            new AdvertisedServer(MailService.SUBMISSIONS, 465), new AdvertisedServer(MailService.SUBMISSION, 10587));
        assertThat(settings.port(MailService.IMAP)).isEmpty();
        assertThat(settings.apiPort()).isEqualTo(443);
    }

    @Test
    void aPortListThatLeavesAProtocolWithoutAnyListenerStopsTheStart() {
        assertThatThrownBy(() -> from(Map.of(Setting.AUTOCONFIG_PORTS, "submissions=none,submission=none")))
            .hasMessageContaining("caducee.autoconfig.ports").hasMessageContaining("no SMTP listener");
    }

    @Test
    void aMisspeltNameABadPortOrANameGivenTwiceStopsTheStartNamingTheKey() {
        assertThatThrownBy(() -> from(Map.of(Setting.AUTOCONFIG_PORTS, "imap4=143")))
            .hasMessageContaining("caducee.autoconfig.ports").hasMessageContaining("imaps, imap, submissions");
        assertThatThrownBy(() -> from(Map.of(Setting.AUTOCONFIG_PORTS, "imaps=99999")))
            .hasMessageContaining("imaps must be a port from 1 to 65535 or none");
        assertThatThrownBy(() -> from(Map.of(Setting.AUTOCONFIG_PORTS, "imaps=993,imaps=994")))
            .hasMessageContaining("names imaps twice");
        assertThatThrownBy(() -> from(Map.of(Setting.AUTOCONFIG_PORTS, "api=none")))
            .hasMessageContaining("api cannot be none");
    }

    @Test
    void aListenerOnAnyFreePortMustHaveItsPublishedPortGiven() {
        assertThatThrownBy(() -> from(Map.of(Setting.IMAP_BIND, "127.0.0.1:0")))
            .hasMessageContaining("caducee.autoconfig.ports").hasMessageContaining("caducee.imap.bind");
        assertThat(from(Map.of(Setting.IMAP_BIND, "127.0.0.1:0", Setting.AUTOCONFIG_PORTS, "imap=143"))
            .port(MailService.IMAP)).hasValue(143);
    }

    @Test
    void aHostThatIsNoHostNameStopsTheStart() {
        assertThatThrownBy(() -> from(Map.of(Setting.AUTOCONFIG_HOST, "https://mail.chu-exemple.fr")))
            .hasMessageContaining("caducee.autoconfig.host");
    }

    @Test
    void tokenLoginsAreToldWhenAnIssuerIsSet() {
        AutoconfigSettings settings = from(Map.of(Setting.PSC_ISSUER,
            "https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet", Setting.PATIENTS_MAIL_CLIENTS, "true"));

        assertThat(settings.oauthIssuer()).hasValue("https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet");
        assertThat(settings.patientMailClients()).isTrue();
    }
}
