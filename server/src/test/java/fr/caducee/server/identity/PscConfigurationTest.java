package fr.caducee.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.identity.psc.PscSettings;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.Pem;

class PscConfigurationTest {
    private static final String PSC = "https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet";

    @TempDir
    Path folder;
    private final Map<Setting, String> values = new HashMap<>();

    @Test
    void withoutAnIssuerThereIsNoTokenLogin() {
        assertThat(PscConfiguration.from(Settings.of(values))).isEmpty();
    }

    @Test
    void anIssuerWithItsSoftwareTakesPscsDefaults() {
        values.put(Setting.PSC_ISSUER, PSC);
        values.put(Setting.PSC_CLIENTS, " lps-one , lps-two,");

        PscSettings psc = PscConfiguration.from(Settings.of(values)).orElseThrow();

        assertThat(psc.issuer()).isEqualTo(PSC);
        assertThat(psc.jwksUrl()).isEqualTo(URI.create(PSC + "/protocol/openid-connect/certs"));
        assertThat(psc.clients()).containsExactlyInAnyOrder("lps-one", "lps-two");
        assertThat(psc.acr()).isEqualTo("eidas1");
        assertThat(psc.claim()).isEqualTo("preferred_username");
        assertThat(psc.jwksRefresh()).isEqualTo(Duration.ofMinutes(5));
        assertThat(psc.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(psc.introspectionUrl()).isEmpty();
    }

    @Test
    void anIssuerWithoutSoftwareStopsTheStart() {
        values.put(Setting.PSC_ISSUER, PSC);

        assertThatThrownBy(() -> PscConfiguration.from(Settings.of(values)))
            .hasMessageContaining("caducee.psc.clients is empty while caducee.psc.issuer is set: name the practice "
                + "software");
    }

    @Test
    void softwareWithoutAnIssuerStopsTheStart() {
        values.put(Setting.PSC_CLIENTS, "lps-one");

        assertThatThrownBy(() -> PscConfiguration.from(Settings.of(values)))
            .hasMessageContaining("caducee.psc.clients is set while caducee.psc.issuer is empty");
    }

    @Test
    void plainHttpIsTakenOnlyToALoopbackAddress() {
        values.put(Setting.PSC_CLIENTS, "lps-one");
        values.put(Setting.PSC_ISSUER, "http://127.0.0.1:8080/auth/realms/esante-wallet");
        assertThat(PscConfiguration.from(Settings.of(values))).isPresent();

        values.put(Setting.PSC_ISSUER, "http://auth.esw.esante.gouv.fr/auth/realms/esante-wallet");
        assertThatThrownBy(() -> PscConfiguration.from(Settings.of(values)))
            .hasMessageContaining("caducee.psc.issuer must use https");

        values.put(Setting.PSC_ISSUER, PSC);
        values.put(Setting.PSC_JWKS_URL, "http://keys.example/certs");
        assertThatThrownBy(() -> PscConfiguration.from(Settings.of(values)))
            .hasMessageContaining("caducee.psc.jwksUrl must use https");
    }

    @Test
    void theIntrospectionNeedsTheServersCredentialsAndNeverShowsThem() {
        values.put(Setting.PSC_ISSUER, PSC);
        values.put(Setting.PSC_CLIENTS, "lps-one");
        values.put(Setting.PSC_INTROSPECTION_URL, PSC + "/protocol/openid-connect/token/introspect");
        assertThatThrownBy(() -> PscConfiguration.from(Settings.of(values)))
            .hasMessageContaining("caducee.psc.introspectionUrl needs this server's client credentials");

        values.put(Setting.PSC_INTROSPECTION_LOGIN, "no-colon-s3cret");
        assertThatThrownBy(() -> PscConfiguration.from(Settings.of(values)))
            .hasMessageContaining("must hold client-id:secret").message().doesNotContain("s3cret");

        values.put(Setting.PSC_INTROSPECTION_LOGIN, "caducee:s3cret");
        PscSettings psc = PscConfiguration.from(Settings.of(values)).orElseThrow();
        assertThat(psc.introspectionCredentials()).contains(new PscSettings.ClientCredentials("caducee", "s3cret"));
    }

    @Test
    void numbersOutOfTheirRangeStopTheStart() {
        values.put(Setting.PSC_ISSUER, PSC);
        values.put(Setting.PSC_CLIENTS, "lps-one");
        values.put(Setting.PSC_CLOCK_SKEW_SECONDS, "3600");

        assertThatThrownBy(() -> PscConfiguration.from(Settings.of(values)))
            .hasMessageContaining("caducee.psc.clockSkewSeconds must be from 0 to 300");
    }

    @Test
    void theProvidersHttpsIsCheckedAgainstTheCertificatesOfTheCaFile() throws Exception {
        CertificateAuthority ca = CertificateAuthority.createRoot("provider CA", Instant.now().minusSeconds(60),
            Instant.now().plusSeconds(3600));
        Path file = folder.resolve("psc-ca.pem");
        Pem.writeCertificates(file, List.of(ca.certificate()));
        values.put(Setting.PSC_ISSUER, PSC);
        values.put(Setting.PSC_CLIENTS, "lps-one");
        values.put(Setting.PSC_CA_FILE, file.toString());

        assertThat(PscConfiguration.from(Settings.of(values)).map(PscSettings::trust))
            .get().isNotSameAs(SSLContext.getDefault());

        values.put(Setting.PSC_CA_FILE, folder.resolve("missing.pem").toString());
        assertThatThrownBy(() -> PscConfiguration.from(Settings.of(values)))
            .hasMessageContaining("caducee.psc.caFile names").hasMessageContaining("missing.pem");
    }
}
