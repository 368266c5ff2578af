package fr.caducee.trust.whitelist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DomainNamesTest {

    @Test
    void normalisesCaseTrailingDotAndUnicode() {
        assertThat(DomainNames.toAscii("CHU-Lyon.MSSante.fr.")).isEqualTo("chu-lyon.mssante.fr");
        assertThat(DomainNames.toAscii("hôpital-exemple.fr")).isEqualTo("xn--hpital-exemple-0ob.fr");
        assertThat(DomainNames.toAscii("HÔPITAL-Exemple.FR")).isEqualTo("xn--hpital-exemple-0ob.fr");
        assertThat(DomainNames.toAscii("xn--hpital-exemple-0ob.fr")).isEqualTo("xn--hpital-exemple-0ob.fr");
    }

    private static String nameOfLength(int length) {
        // Three full 63-character labels, then whatever remains in the last one.
        return "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(length - 192);
    }

    @Test
    void acceptsLimitLengths() {
        assertThat(DomainNames.toAscii("a".repeat(63) + ".fr")).hasSize(66);
        assertThat(DomainNames.toAscii(nameOfLength(253))).hasSize(253);
    }

    @Test
    void refusesLabelOver63() {
        assertThatThrownBy(() -> DomainNames.toAscii("a".repeat(64) + ".fr"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNameOver253() {
        assertThatThrownBy(() -> DomainNames.toAscii(nameOfLength(254))).hasMessageContaining("253");
    }

    @Test
    void refusesMalformedNames() {
        assertThatThrownBy(() -> DomainNames.toAscii("localhost")).hasMessageContaining("single label");
        assertThatThrownBy(() -> DomainNames.toAscii("chu_lyon.fr")).hasMessageContaining("'_'");
        assertThatThrownBy(() -> DomainNames.toAscii("-chu.fr")).hasMessageContaining("hyphen");
        assertThatThrownBy(() -> DomainNames.toAscii("chu-.fr")).hasMessageContaining("hyphen");
        assertThatThrownBy(() -> DomainNames.toAscii("chu..fr")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DomainNames.toAscii("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> DomainNames.toAscii(".")).hasMessageContaining("empty");
        assertThatThrownBy(() -> DomainNames.toAscii("chu lyon.fr")).hasMessageContaining("' '");
        assertThatThrownBy(() -> DomainNames.toAscii("user@chu.fr")).hasMessageContaining("'@'");
    }
}
