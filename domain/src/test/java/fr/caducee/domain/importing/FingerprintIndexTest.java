package fr.caducee.domain.importing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FingerprintIndexTest {

    @Test
    void remembersTheFirstLineAndValueOfEachKeyAcrossGrowth() {
        FingerprintIndex index = new FingerprintIndex();
        for (int i = 0; i < 100_000; i++) {
            assertThat(index.putIfAbsent("box" + i + "@example.fr", i + 2, i * 31L)).isEqualTo(-1);
        }

        assertThat(index.size()).isEqualTo(100_000);
        for (int i = 0; i < 100_000; i += 997) {
            int slot = index.putIfAbsent("box" + i + "@example.fr", 1_000_000, 0);
            assertThat(slot).isNotNegative().isEqualTo(index.find("box" + i + "@example.fr"));
            assertThat(index.line(slot)).isEqualTo(i + 2);
            assertThat(index.value(slot)).isEqualTo(i * 31L);
        }
        assertThat(index.find("box100000@example.fr")).isEqualTo(-1);
        assertThat(index.size()).isEqualTo(100_000);
    }

    @Test
    void hashesOfSeveralValuesDependOnWhereThePartsEnd() {
        assertThat(Fingerprint.of("ab", "c")).isNotEqualTo(Fingerprint.of("a", "bc"));
        assertThat(Fingerprint.of("DUPONT", "Jean")).isEqualTo(Fingerprint.of("DUPONT", "Jean"));
        assertThat(Fingerprint.first("a")).isNotEqualTo(Fingerprint.second("a"));
    }
}
