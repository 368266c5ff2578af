package fr.caducee.identity.psc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PscSettingsTest {
    private static final String PSC = "https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet";

    @Test
    void keycloakPublishesTheKeysUnderTheRealm() {
        assertThat(PscSettings.keycloakJwksUrl(PSC + "/")).isEqualTo(URI.create(PSC + "/protocol/openid-connect/certs"));
    }

    @Test
    void httpsIsTakenAnywhereAndPlainHttpOnlyOnLoopback() {
        PscSettings.checkFetchable("x", URI.create(PSC));
        PscSettings.checkFetchable("x", URI.create("http://127.0.0.1:8080/auth/realms/r"));
        PscSettings.checkFetchable("x", URI.create("http://[::1]:8080/auth/realms/r"));
        PscSettings.checkFetchable("x", URI.create("http://localhost/auth/realms/r"));
        assertThatThrownBy(() -> PscSettings.checkFetchable("the issuer", URI.create("http://auth.example/realms/r")))
            .hasMessageContaining("the issuer must use https (plain http only to a loopback address");
        assertThatThrownBy(() -> PscSettings.checkFetchable("x", URI.create("http://127.0.0.1.nip.io/r")))
            .hasMessageContaining("must use https");
        assertThatThrownBy(() -> PscSettings.checkFetchable("x", URI.create("http://dead.beef/r")))
            .hasMessageContaining("must use https");
        assertThatThrownBy(() -> PscSettings.checkFetchable("x", URI.create("ftp://auth.example/r")))
            .hasMessageContaining("must be an absolute https URL");
        assertThatThrownBy(() -> PscSettings.checkFetchable("x", URI.create("/realms/r")))
            .hasMessageContaining("must be an absolute https URL");
    }

    @Test
    void anIssuerWithoutAllowedSoftwareIsRefused() {
        assertThatThrownBy(() -> settings(Set.of(), Optional.empty(), Optional.empty()))
            .hasMessageContaining("no client is allowed");
    }

    @Test
    void anIntrospectionWithoutCredentialsIsRefused() {
        assertThatThrownBy(() -> settings(Set.of("lps"), Optional.of(URI.create(PSC + "/protocol/openid-connect/token/"
            + "introspect")), Optional.empty())).hasMessageContaining("needs this server's client credentials");
    }

    @Test
    void credentialsAreClientIdColonSecretAndTheSecretIsNeverShown() {
        PscSettings.ClientCredentials credentials = PscSettings.ClientCredentials.parse("caducee:s3cr:et\n");
        assertThat(credentials.clientId()).isEqualTo("caducee");
        assertThat(credentials.secret()).isEqualTo("s3cr:et");
        assertThat(credentials.toString()).doesNotContain("s3cr");
        assertThatThrownBy(() -> PscSettings.ClientCredentials.parse("no-colon")).hasMessageContaining("client-id:secret");
        assertThatThrownBy(() -> PscSettings.ClientCredentials.parse(":secret")).hasMessageContaining("client-id:secret");
    }

    private static PscSettings settings(Set<String> clients, Optional<URI> introspection,
                                        Optional<PscSettings.ClientCredentials> credentials) {
        return new PscSettings(PSC, PscSettings.keycloakJwksUrl(PSC), clients, "eidas1", "preferred_username",
            Duration.ofMinutes(5), Duration.ofSeconds(30), introspection, credentials, PscTokenVerifierTest.trust());
    }
}
