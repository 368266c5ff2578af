package fr.caducee.server.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaduceeVersionTest {
    @Test
    void theMajorVersionIsTheFirstNumberOrTheFirstTwoWhileItIsZero() {
        assertThat(CaduceeVersion.major("1.4.2")).isEqualTo("1");
        assertThat(CaduceeVersion.major("0.1.0-SNAPSHOT")).isEqualTo("0.1");
    }

    @Test
    void aBackupOfTheSameMajorVersionRestoresAndOneOfAnotherDoesNot() {
        assertThat(CaduceeVersion.sameMajor("1.2.0", "1.5.3")).isTrue();
        assertThat(CaduceeVersion.sameMajor("1.2.0", "2.0.0")).isFalse();
        assertThat(CaduceeVersion.sameMajor("0.1.0", "0.2.0")).isFalse();
    }

    @Test
    void aDevelopmentBuildRestoresAnyBackup() {
        assertThat(CaduceeVersion.sameMajor(CaduceeVersion.UNKNOWN, "2.0.0")).isTrue();
        assertThat(CaduceeVersion.sameMajor("1.0.0", CaduceeVersion.UNKNOWN)).isTrue();
    }
}
