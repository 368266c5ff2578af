package fr.caducee.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
    @Test
    void percentilesAreNearestRankSoAlwaysALatencyThatWasObserved() {
        LatencyRecorder recorder = new LatencyRecorder(200);
        for (int i = 200; i >= 1; i--) {
            recorder.record(i * 1_000_000L);
        }

        LatencyRecorder.Summary summary = recorder.summary();

        assertThat(summary.p50Millis()).isEqualTo(100.0);
        assertThat(summary.p99Millis()).isEqualTo(198.0);
        assertThat(summary.maxMillis()).isEqualTo(200.0);
    }

    @Test
    void withFewerThanAHundredLatenciesP99IsTheLargest() {
        LatencyRecorder recorder = new LatencyRecorder(10);
        for (int i = 1; i <= 10; i++) {
            recorder.record(i * 1_000_000L);
        }

        assertThat(recorder.summary().p99Millis()).isEqualTo(10.0);
        assertThat(recorder.summary().p50Millis()).isEqualTo(5.0);
    }

    @Test
    void aNegativeLatencyIsKeptAsMeasured() {
        LatencyRecorder recorder = new LatencyRecorder(3);
        recorder.record(-2_000_000);
        recorder.record(1_000_000);
        recorder.record(3_000_000);

        assertThat(recorder.summary().p50Millis()).isEqualTo(1.0);
        assertThat(recorder.count()).isEqualTo(3);
    }

    @Test
    void noLatencyGivesZeros() {
        LatencyRecorder.Summary summary = new LatencyRecorder(5).summary();

        assertThat(summary.p50Millis()).isZero();
        assertThat(summary.p99Millis()).isZero();
        assertThat(summary.maxMillis()).isZero();
    }
}
