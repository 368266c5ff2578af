package fr.caducee.server.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WriteAheadLogLimitTest {

    @Test
    void theShippedReserveShouldKeepAQuarterOfItForTheLog() {
        assertThat(WriteAheadLogLimit.forReserve(256).maxMegabytes()).isEqualTo(64);
        assertThat(WriteAheadLogLimit.forReserve(2048).maxMegabytes()).isEqualTo(512);
    }

    @Test
    void aSmallOrZeroReserveShouldStillLeaveCheckpointsRoomToWork() {
        assertThat(WriteAheadLogLimit.forReserve(0).maxMegabytes()).isEqualTo(64);
        assertThat(WriteAheadLogLimit.forReserve(100).maxMegabytes()).isEqualTo(64);
    }

    @Test
    void aLargeReserveShouldNotRaiseTheLogAbovePostgresqlsOwnDefault() {
        assertThat(WriteAheadLogLimit.forReserve(100_000).maxMegabytes()).isEqualTo(1024);
    }

    @Test
    void theServerOptionsShouldSetTheCeilingAndKeepFewSegmentsForReuse() {
        assertThat(WriteAheadLogLimit.forReserve(256).serverOptions())
            .containsExactly("-c", "max_wal_size=64MB", "-c", "min_wal_size=32MB");
    }

    @Test
    void aLimitOutsidePostgresqlsSensibleRangeShouldBeRefused() {
        assertThatThrownBy(() -> new WriteAheadLogLimit(16)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("between 64 and 1024 MB, not 16");
    }
}
