package fr.caducee.server.annuaire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

class AnnuaireSettingsTest {

    @Test
    void byDefaultNothingIsPublished() {
        AnnuaireSettings settings = AnnuaireSettings.from(Settings.of(Map.of()));

        assertThat(settings.on()).isFalse();
        assertThat(settings.backoff()).isEqualTo(new Publication.Backoff(Duration.ofSeconds(60), Duration.ofHours(1)));
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.apiKey()).isEmpty();
        assertThat(settings.caFile()).isEmpty();
    }

    @Test
    void anHttpsUrlTurnsPublicationOnWithItsApiKey() {
        AnnuaireSettings settings = AnnuaireSettings.from(Settings.of(Map.of(
            Setting.ANNUAIRE_URL, "https://gateway.api.esante.gouv.fr/fhir/v2", Setting.ANNUAIRE_API_KEY, " k-1 ")));

        assertThat(settings.on()).isTrue();
        assertThat(settings.url()).contains(URI.create("https://gateway.api.esante.gouv.fr/fhir/v2"));
        assertThat(settings.apiKey()).contains("k-1");
    }

    @Test
    void aPlainHttpUrlStopsTheStart() {
        assertThatThrownBy(() -> AnnuaireSettings.from(Settings.of(Map.of(Setting.ANNUAIRE_URL, "http://annuaire.example/fhir"))))
            .hasMessageContaining("caducee.annuaire.url").hasMessageContaining("https://");
    }

    @Test
    void aLongestDelayShorterThanTheFirstStopsTheStart() {
        assertThatThrownBy(() -> AnnuaireSettings.from(Settings.of(Map.of(Setting.ANNUAIRE_RETRY_SECONDS, "120",
            Setting.ANNUAIRE_RETRY_MAX_SECONDS, "60")))).hasMessageContaining("caducee.annuaire.retryMaxSeconds");
    }

    @Test
    void aCaFileThatCannotBeReadStopsTheStart(@TempDir Path folder) {
        assertThatThrownBy(() -> AnnuaireSettings.from(Settings.of(Map.of(Setting.ANNUAIRE_CA_FILE,
            folder.resolve("missing.pem").toString())))).hasMessageContaining("caducee.annuaire.caFile")
            .hasMessageContaining("cannot be read");
    }

    @Test
    void theBackoffDoublesUpToTheLongestDelay() {
        Publication.Backoff backoff = new Publication.Backoff(Duration.ofSeconds(60), Duration.ofMinutes(5));

        assertThat(backoff.delay(1)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofSeconds(120));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofSeconds(240));
        assertThat(backoff.delay(4)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.delay(60)).isEqualTo(Duration.ofMinutes(5));
    }
}
