package fr.caducee.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void sizesReadInTheirUnit() {
        assertThat(Sizes.of(2048)).isEqualTo("2.0 KB");
        assertThat(Sizes.of(5L * 1024 * 1024)).isEqualTo("5.0 MB");
        assertThat(Sizes.of(3L * 1024 * 1024 * 1024)).isEqualTo("3.00 GB");
        assertThat(Sizes.of(Duration.ofMillis(9640))).isEqualTo("9.6 s");
    }

    @Test
    void aFailureIsOneLineWithItsCausesOnce() {
        IOException failure = new IOException("cannot copy", new IOException("disk full"));

        assertThat(Sizes.reason(failure)).isEqualTo("cannot copy: disk full");
        assertThat(Sizes.reason(new IOException("disk full", new IOException("disk full")))).isEqualTo("disk full");
    }
}
