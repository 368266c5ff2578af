package fr.caducee.server.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OnlineDatabaseBackupTest {
    static final String LABEL = """
        START WAL LOCATION: 0/5000028 (file 000000010000000000000005)
        CHECKPOINT LOCATION: 0/5000080
        BACKUP METHOD: streamed
        BACKUP FROM: primary
        START TIME: 2026-12-07 18:00:00 UTC
        LABEL: caducee 2026-12-07T18:00:00Z
        START TIMELINE: 1
        """;

    @Test
    void theFirstSegmentReplayNeedsIsTheLabelsStartFile() {
        assertThat(OnlineDatabaseBackup.startSegment(LABEL)).isEqualTo("000000010000000000000005");
    }

    @Test
    void theSegmentsFromTheStartsThroughTheStopsAndTheHistoriesAreCopied() {
        String first = "000000010000000000000005";
        String last = "000000010000000000000007";
        assertThat(OnlineDatabaseBackup.needed("000000010000000000000004", first, last)).isFalse();
        assertThat(OnlineDatabaseBackup.needed("000000010000000000000005", first, last)).isTrue();
        assertThat(OnlineDatabaseBackup.needed("000000010000000000000007", first, last)).isTrue();
        assertThat(OnlineDatabaseBackup.needed("000000010000000000000008", first, last)).isFalse();
        assertThat(OnlineDatabaseBackup.needed("00000002.history", first, last)).isTrue();
        assertThat(OnlineDatabaseBackup.needed("archive_status", first, last)).isFalse();
    }

    @Test
    void theSegmentAfterTheLastOfALogIsTheFirstOfTheNext() {
        assertThat(OnlineDatabaseBackup.next("000000010000000000000005")).isEqualTo("000000010000000000000006");
        assertThat(OnlineDatabaseBackup.next("0000000100000000000000FF")).isEqualTo("000000010000000100000000");
    }
}
