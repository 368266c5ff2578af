package fr.caducee.server.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

class RecordsSettingsTest {
    @Test
    void theRecordsBoxIsDmpAtTheDefaultDomainUnlessSet() {
        RecordsSettings settings = RecordsSettings.from(Settings.of(Map.of(Setting.DEFAULT_DOMAIN, "chu.localhost")));

        assertThat(settings.box()).isEqualTo("dmp@chu.localhost");
        assertThat(settings.structure().number()).isEqualTo("000000000");
        assertThat(RecordsSettings.from(Settings.of(Map.of(Setting.RECORDS_BOX, "Dossier@CHU.localhost",
            Setting.RECORDS_STRUCTURE, "750000044"))).box()).isEqualTo("dossier@chu.localhost");
    }

    @Test
    void aPatientsAddressOrABadStructureStopsTheStartNamingTheKey() {
        assertThatThrownBy(() -> RecordsSettings.from(Settings.of(Map.of(Setting.RECORDS_BOX,
            "146026322000196@patient.chu.localhost")))).hasMessageContaining("caducee.records.box");
        assertThatThrownBy(() -> RecordsSettings.from(Settings.of(Map.of(Setting.RECORDS_STRUCTURE, "12345"))))
            .hasMessageContaining("caducee.records.structure");
        assertThatThrownBy(() -> RecordsSettings.from(Settings.of(Map.of(Setting.RECORDS_BOX, "not an address"))))
            .hasMessageContaining("caducee.records.box");
    }
}
