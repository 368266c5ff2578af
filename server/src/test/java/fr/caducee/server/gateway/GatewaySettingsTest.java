package fr.caducee.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.server.DemoData;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

class GatewaySettingsTest {
    private final Map<Setting, String> values = new HashMap<>(Map.of(Setting.DEMO, "false"));
    private final Map<String, String> perId = new HashMap<>();

    private GatewaySettings read() {
        return GatewaySettings.from(Settings.of(values, perId));
    }

    @Test
    void byDefaultNothingListensAndNoHospitalIsDeclared() {
        GatewaySettings gateway = read();

        assertThat(gateway.listening()).isFalse();
        assertThat(gateway.hospitals()).isEmpty();
        assertThat(gateway.maxMessageBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(gateway.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(gateway.summaryAt()).isEqualTo(LocalTime.of(7, 0));
        assertThat(gateway.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aHospitalIsReadFromItsKeys() {
        values.put(Setting.GATEWAY_BIND, "0.0.0.0:2575");
        values.put(Setting.GATEWAY_HOSPITALS, "chu, clinique");
        perId.put("caducee.gateway.hospital.chu.box", "SIH@chu.localhost");
        perId.put("caducee.gateway.hospital.chu.name", "CHU de Caducée");
        perId.put("caducee.gateway.hospital.chu.finess", "750000010, 130000011");
        perId.put("caducee.gateway.hospital.chu.edBox", "urgences@chu.localhost");
        perId.put("caducee.gateway.hospital.chu.edUnits", "URG,6268");
        perId.put("caducee.gateway.hospital.chu.edContact", "01 23 45 67 89");
        perId.put("caducee.gateway.hospital.chu.returnAddress", "sih.chu.localhost:2576");
        perId.put("caducee.gateway.hospital.clinique.box", "dpi@clinique.localhost");

        GatewaySettings gateway = read();

        assertThat(gateway.bind()).contains(new InetSocketAddress("0.0.0.0", 2575));
        assertThat(gateway.listening()).isTrue();
        assertThat(gateway.hospitals()).hasSize(2);
        GatewaySettings.Hospital chu = gateway.hospitals().get(0);
        assertThat(chu.id()).isEqualTo("chu");
        assertThat(chu.box()).isEqualTo(BoxAddress.parse("sih@chu.localhost"));
        assertThat(chu.name()).isEqualTo("CHU de Caducée");
        assertThat(chu.finess()).containsExactlyInAnyOrder(Finess.parse("750000010"), Finess.parse("130000011"));
        assertThat(chu.edBox()).contains(BoxAddress.parse("urgences@chu.localhost"));
        assertThat(chu.edUnits()).containsExactlyInAnyOrder("URG", "6268");
        assertThat(chu.edContact()).isEqualTo("01 23 45 67 89");
        assertThat(chu.returnAddress()).hasValueSatisfying(address -> {
            assertThat(address.getHostString()).isEqualTo("sih.chu.localhost");
            assertThat(address.getPort()).isEqualTo(2576);
        });
        GatewaySettings.Hospital clinique = gateway.hospitals().get(1);
        assertThat(clinique.edBox()).isEmpty();
        assertThat(clinique.finess()).isEmpty();
        assertThat(clinique.returnAddress()).isEmpty();
    }

    @Test
    void aDemonstrationServerWithoutHospitalsDeclaresItsDemoHospital() {
        values.put(Setting.DEMO, "true");

        assertThat(read().hospitals()).singleElement().satisfies(hospital -> {
            assertThat(hospital.box()).isEqualTo(BoxAddress.parse(DemoData.HOSPITAL_BOX));
            assertThat(hospital.edBox()).contains(BoxAddress.parse(DemoData.EMERGENCY_BOX));
            assertThat(hospital.edUnits()).isEqualTo(Set.of(DemoData.EMERGENCY_UNIT));
        });
    }

    @Test
    void declaredHospitalsReplaceTheDemoHospital() {
        values.put(Setting.DEMO, "true");
        values.put(Setting.GATEWAY_HOSPITALS, "chu");
        perId.put("caducee.gateway.hospital.chu.box", "sih@chu.localhost");

        assertThat(read().hospitals()).extracting(GatewaySettings.Hospital::id).containsExactly("chu");
    }

    @Test
    void thePlainListenerMustBeOnLoopback() {
        values.put(Setting.GATEWAY_PLAIN_BIND, "0.0.0.0:2575");

        assertThatThrownBy(this::read).hasMessageContaining("caducee.gateway.plainBind")
            .hasMessageContaining("must be a loopback address");

        values.put(Setting.GATEWAY_PLAIN_BIND, "127.0.0.1:2575");
        assertThat(read().plainBind()).contains(new InetSocketAddress("127.0.0.1", 2575));
    }

    @Test
    void aHospitalWithoutBoxStopsTheStartNamingItsKey() {
        values.put(Setting.GATEWAY_HOSPITALS, "chu");

        assertThatThrownBy(this::read).hasMessageContaining("caducee.gateway.hospital.chu.box is missing");
    }

    @Test
    void aKeyOfAHospitalNotListedStopsTheStart() {
        values.put(Setting.GATEWAY_HOSPITALS, "chu");
        perId.put("caducee.gateway.hospital.chu.box", "sih@chu.localhost");
        perId.put("caducee.gateway.hospital.chv.edBox", "urgences@chu.localhost");

        assertThatThrownBy(this::read).hasMessageContaining("caducee.gateway.hospital.chv.edBox")
            .hasMessageContaining("does not list");
    }

    @Test
    void aFinessFailingItsCheckStopsTheStart() {
        values.put(Setting.GATEWAY_HOSPITALS, "chu");
        perId.put("caducee.gateway.hospital.chu.box", "sih@chu.localhost");
        perId.put("caducee.gateway.hospital.chu.finess", "750000011");

        assertThatThrownBy(this::read).hasMessageContaining("caducee.gateway.hospital.chu.finess")
            .hasMessageContaining("750000011");
    }

    @Test
    void twoHospitalsWithOneBoxStopTheStart() {
        values.put(Setting.GATEWAY_HOSPITALS, "a,b");
        perId.put("caducee.gateway.hospital.a.box", "sih@chu.localhost");
        perId.put("caducee.gateway.hospital.b.box", "SIH@chu.localhost");

        assertThatThrownBy(this::read).hasMessageContaining("caducee.gateway.hospital.b.box")
            .hasMessageContaining("hospital 'a' too");
    }

    @Test
    void aSummaryTimeOrZoneOfTheWrongFormStopsTheStart() {
        values.put(Setting.GATEWAY_SUMMARY_AT, "7h");
        assertThatThrownBy(this::read).hasMessageContaining("caducee.gateway.summaryAt");

        values.put(Setting.GATEWAY_SUMMARY_AT, "07:00:30");
        values.put(Setting.GATEWAY_ZONE, "Paris");
        assertThatThrownBy(this::read).hasMessageContaining("caducee.gateway.zone");

        values.put(Setting.GATEWAY_ZONE, "UTC");
        assertThat(read().summaryAt()).isEqualTo(LocalTime.of(7, 0, 30));
    }

    @Test
    void noSetOfHospitalsTakesAnAddressThatIsNoBox() {
        values.put(Setting.GATEWAY_HOSPITALS, "chu");
        perId.put("caducee.gateway.hospital.chu.box", "not an address");

        assertThatThrownBy(this::read).hasMessageContaining("caducee.gateway.hospital.chu.box")
            .hasMessageContaining("must be a box address");
    }
}
