package fr.caducee.directory.whitelist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhitelistTest {

    private static final Instant NOW = Instant.parse("2026-03-02T03:00:00Z");

    private final Whitelist list = Whitelist.of(
            List.of("medecin.mssante.fr", "Hôpital-Exemple.fr", "CHU-Lyon.mssante.fr.", "chu-lyon.mssante.fr"),
            NOW, "/etc/caducee/liste-blanche.xml");

    @Test
    void storesAsciiLowerCaseAndMergesDuplicates() {
        assertThat(list.domains())
                .containsExactly("chu-lyon.mssante.fr", "medecin.mssante.fr", "xn--hpital-exemple-0ob.fr");
        assertThat(list.size()).isEqualTo(3);
        assertThat(list.loadedAt()).isEqualTo(NOW);
        assertThat(list.source()).isEqualTo("/etc/caducee/liste-blanche.xml");
    }

    @Test
    void matchesWhateverFormTheDomainArrivesIn() {
        assertThat(list.contains("medecin.mssante.fr")).isTrue();
        assertThat(list.contains("MEDECIN.MSSANTE.FR.")).isTrue();
        assertThat(list.contains("hôpital-exemple.fr")).isTrue();
        assertThat(list.contains("HÔPITAL-EXEMPLE.FR")).isTrue();
        assertThat(list.contains("xn--hpital-exemple-0ob.fr")).isTrue();
    }

    @Test
    void doesNotImplySubDomainsOrParents() {
        assertThat(list.contains("patient.medecin.mssante.fr")).isFalse();
        assertThat(list.contains("mssante.fr")).isFalse();
        assertThat(list.contains("evilmedecin.mssante.fr")).isFalse();
    }

    @Test
    void doesNotTrustGarbage() {
        assertThat(list.contains(null)).isFalse();
        assertThat(list.contains("")).isFalse();
        assertThat(list.contains("gmail.com")).isFalse();
        assertThat(list.contains("medecin_mssante.fr")).isFalse();
        assertThat(list.contains("a".repeat(300))).isFalse();
    }

    @Test
    void isImmutable() {
        assertThatThrownBy(() -> list.domains().add("gmail.com")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesInvalidDomainAtConstruction() {
        assertThatThrownBy(() -> Whitelist.of(List.of("ok.fr", "not valid.fr"), NOW, "test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'not valid.fr'");
    }

    @Test
    void emptyListTrustsNothing() {
        Whitelist empty = Whitelist.empty(NOW, "none");
        assertThat(empty.size()).isZero();
        assertThat(empty.contains("medecin.mssante.fr")).isFalse();
    }
}
