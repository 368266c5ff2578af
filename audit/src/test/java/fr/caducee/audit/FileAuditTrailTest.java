package fr.caducee.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuditTrailTest {
    static final Instant DAY = Instant.parse("2026-11-24T00:00:00Z");
    static final Instant NEXT_DAY = DAY.plus(Duration.ofDays(1));

    @TempDir
    Path folder;

    @Test
    void appendedRecordsAreReadBackAsWritten() throws Exception {
        AuditRecord accepted = Records.accepted(DAY.plusSeconds(10), "<a1@chu.fr>", "dr.durand@chu.fr",
            "dr.durand@chu.fr", "cardio@chu.fr", "dr.\"martin\"@chu.fr");
        AuditRecord refused = Records.refused(DAY.plusSeconds(11), "recipient-unknown",
            "550 5.1.1 Aucune boîte « x@chu.fr » ici", "dr.durand@chu.fr", "x@chu.fr");
        try (FileAuditTrail trail = FileAuditTrail.open(folder, AuditSettings.defaults())) {
            trail.append(accepted);
            trail.append(refused);

            assertThat(trail.reader().query(AuditQuery.between(DAY, NEXT_DAY)).records())
                .containsExactly(accepted, refused);
        }
        assertThat(Files.readAllLines(folder.resolve("audit-2026-11-24.jsonl")))
            .hasSize(2)
            .allSatisfy(line -> assertThat(line).startsWith("{\"time\":\"2026-11-24T").endsWith("}"));
    }

    @Test
    void recordsSurviveReopening() throws Exception {
        try (FileAuditTrail trail = FileAuditTrail.open(folder, AuditSettings.defaults())) {
            trail.append(Records.delivered(DAY.plusSeconds(1), "<m1@x>", "a@chu.fr"));
        }
        try (FileAuditTrail trail = FileAuditTrail.open(folder, AuditSettings.defaults())) {
            trail.append(Records.delivered(DAY.plusSeconds(2), "<m2@x>", "a@chu.fr"));
            assertThat(trail.reader().query(AuditQuery.between(DAY, NEXT_DAY)).records())
                .extracting(AuditRecord::messageId).containsExactly("<m1@x>", "<m2@x>");
        }
    }

    @Test
    void concurrentAppendersAllGetTheirRecordWrittenOnce() throws Exception {
        int threads = 8;
        int each = 250;
        try (FileAuditTrail trail = FileAuditTrail.open(folder, AuditSettings.defaults())) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * each;
                done.add(pool.submit(() -> IntStream.range(first, first + each)
                    .forEach(n -> trail.append(Records.numbered(n)))));
            }
            for (Future<?> future : done) {
                future.get();
            }
            pool.shutdown();

            List<AuditRecord> all = new ArrayList<>();
            trail.reader().forEach(AuditQuery.between(Instant.now().minusSeconds(3600), Instant.now().plusSeconds(60)),
                all::add);
            assertThat(all).extracting(AuditRecord::size)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, threads * each).mapToObj(n -> (long) n).toList());
            assertThat(trail.writtenCount()).isEqualTo(threads * each);
            assertThat(trail.syncCount()).isBetween(1L, (long) threads * each);
        }
    }

    @Test
    void appendersThatArriveDuringAForceShareTheNextOne() throws Exception {
        FaultyChannels channels = new FaultyChannels();
        CountDownLatch hold = new CountDownLatch(1);
        channels.holdForce = hold;
        try (FileAuditTrail trail = FileAuditTrail.open(folder, AuditSettings.defaults(), channels)) {
            ExecutorService pool = Executors.newFixedThreadPool(11);
            Future<?> first = pool.submit(() -> trail.append(Records.numbered(0)));
            channels.forceEntered.await();
            List<Future<?>> others = new ArrayList<>();
            for (int n = 1; n <= 10; n++) {
                int number = n;
                others.add(pool.submit(() -> trail.append(Records.numbered(number))));
            }
            while (trail.queued() < 10) {
                Thread.onSpinWait();
            }
            channels.holdForce = null;
            hold.countDown();
            first.get();
            for (Future<?> other : others) {
                other.get();
            }
            pool.shutdown();

            assertThat(trail.writtenCount()).isEqualTo(11);
            assertThat(trail.syncCount()).as("one force for the first record, one for the ten queued behind it")
                .isEqualTo(2);
        }
    }

    @Test
    void aLineTornByACrashIsCutAtOpen() throws Exception {
        Path segment = folder.resolve("audit-2026-11-24.jsonl");
        byte[] whole = AuditJson.line(Records.delivered(DAY.plusSeconds(1), "<whole@x>", "a@chu.fr"));
        byte[] torn = AuditJson.line(Records.delivered(DAY.plusSeconds(2), "<torn@x>", "a@chu.fr"));
        Files.write(segment, concat(whole, java.util.Arrays.copyOf(torn, torn.length / 2)));

        try (FileAuditTrail trail = FileAuditTrail.open(folder, AuditSettings.defaults())) {
            assertThat(Files.size(segment)).isEqualTo(whole.length);
            trail.append(Records.delivered(DAY.plusSeconds(3), "<after@x>", "a@chu.fr"));

            assertThat(trail.reader().query(AuditQuery.between(DAY, NEXT_DAY)).records())
                .extracting(AuditRecord::messageId).containsExactly("<whole@x>", "<after@x>");
        }
        assertThat(Files.readAllLines(segment)).hasSize(2);
    }

    @Test
    void aSegmentWithNoWholeLineIsEmptiedAtOpen() throws Exception {
        Path segment = folder.resolve("audit-2026-11-24.jsonl");
        Files.writeString(segment, "{\"time\":\"2026-11-24T00:00:01Z\",\"deci");
        FileAuditTrail.open(folder, AuditSettings.defaults()).close();
        assertThat(Files.size(segment)).isZero();
    }

    @Test
    void eachRecordGoesToTheSegmentOfItsUtcDay() throws Exception {
        Instant lastMillisecond = NEXT_DAY.minusMillis(1);
        try (FileAuditTrail trail = FileAuditTrail.open(folder, AuditSettings.defaults())) {
            trail.append(Records.delivered(lastMillisecond, "<late@x>", "a@chu.fr"));
            trail.append(Records.delivered(NEXT_DAY, "<midnight@x>", "a@chu.fr"));
            // written after the next day's record, still in its own day's segment
            trail.append(Records.delivered(lastMillisecond, "<later@x>", "a@chu.fr"));

            AuditReader reader = trail.reader();
            assertThat(reader.query(AuditQuery.between(DAY, NEXT_DAY)).records())
                .extracting(AuditRecord::messageId).containsExactly("<late@x>", "<later@x>");
            assertThat(reader.query(AuditQuery.between(NEXT_DAY, NEXT_DAY.plusSeconds(1))).records())
                .extracting(AuditRecord::messageId).containsExactly("<midnight@x>");
            assertThat(reader.query(AuditQuery.between(lastMillisecond, NEXT_DAY.plusMillis(1))).records())
                .extracting(AuditRecord::messageId).containsExactly("<late@x>", "<later@x>", "<midnight@x>");
        }
        assertThat(Files.readAllLines(folder.resolve("audit-2026-11-24.jsonl"))).hasSize(2);
        assertThat(Files.readAllLines(folder.resolve("audit-2026-11-25.jsonl"))).hasSize(1);
    }

    @Test
    void aQueryOpensOnlyTheSegmentsOfItsDays() throws Exception {
        // A "segment" that cannot be read as a file: opening it would fail the query.
        Files.createDirectories(folder.resolve("audit-2026-11-20.jsonl"));
        try (FileAuditTrail trail = FileAuditTrail.open(folder, AuditSettings.defaults())) {
            trail.append(Records.delivered(DAY.plusSeconds(5), "<m@x>", "a@chu.fr"));
            assertThat(trail.reader().query(AuditQuery.between(DAY, NEXT_DAY)).matched()).isEqualTo(1);
            assertThatThrownBy(() -> trail.reader().query(AuditQuery.between(DAY.minus(Duration.ofDays(4)), NEXT_DAY)))
                .isInstanceOf(java.io.UncheckedIOException.class);
        }
    }

    @Test
    void aDayPastTheSizeLimitContinuesInNumberedFiles() throws Exception {
        AuditSettings settings = AuditSettings.defaults().withMaxSegmentBytes(1000);
        try (FileAuditTrail trail = FileAuditTrail.open(folder, settings)) {
            for (int n = 0; n < 40; n++) {
                trail.append(Records.delivered(DAY.plusSeconds(n), "<" + n + "@x>", "a@chu.fr"));
            }
        }
        List<SegmentName> segments = SegmentName.all(folder);
        assertThat(segments).hasSizeGreaterThan(3);
        assertThat(segments.get(1).fileName()).isEqualTo("audit-2026-11-24.1.jsonl");
        for (SegmentName segment : segments) {
            assertThat(Files.size(folder.resolve(segment.fileName()))).isLessThanOrEqualTo(1000);
        }
        try (FileAuditTrail trail = FileAuditTrail.open(folder, settings)) {
            trail.append(Records.delivered(DAY.plusSeconds(40), "<40@x>", "a@chu.fr"));
            assertThat(trail.reader().query(AuditQuery.between(DAY, NEXT_DAY)).records())
                .extracting(AuditRecord::messageId)
                .containsExactlyElementsOf(IntStream.rangeClosed(0, 40).mapToObj(n -> "<" + n + "@x>").toList());
        }
    }

    @Test
    void aFullDiskRefusesTheAppendAtOnceLeavesNoPartOfItAndTheTrailRecoversWithSpace() throws Exception {
        FaultyChannels channels = new FaultyChannels();
        // A long timeout: the refusal must come from the failure itself, not from waiting.
        AuditSettings settings = AuditSettings.defaults().withAppendTimeout(Duration.ofMinutes(10));
        try (FileAuditTrail trail = FileAuditTrail.open(folder, settings, channels)) {
            trail.append(Records.delivered(DAY.plusSeconds(1), "<before@x>", "a@chu.fr"));
            channels.diskFull = true;

            assertThatThrownBy(() -> trail.append(Records.delivered(DAY.plusSeconds(2), "<lost@x>", "a@chu.fr")))
                .isInstanceOf(AuditUnavailableException.class)
                .hasMessageContaining("No space left on device")
                .hasCauseInstanceOf(IOException.class);
            assertThatThrownBy(() -> trail.append(Records.delivered(DAY.plusSeconds(3), "<lost2@x>", "a@chu.fr")))
                .isInstanceOf(AuditUnavailableException.class);

            channels.diskFull = false;
            trail.append(Records.delivered(DAY.plusSeconds(4), "<after@x>", "a@chu.fr"));

            assertThat(trail.reader().query(AuditQuery.between(DAY, NEXT_DAY)).records())
                .extracting(AuditRecord::messageId).containsExactly("<before@x>", "<after@x>");
        }
        assertThat(Files.readAllLines(folder.resolve("audit-2026-11-24.jsonl"), StandardCharsets.UTF_8))
            .hasSize(2).allSatisfy(line -> assertThat(AuditJson.read(line)).isPresent());
    }

    @Test
    void closeWritesWhatIsPendingUnderTheIntervalPolicyAndLaterAppendsAreRefused() throws Exception {
        AuditSettings settings = AuditSettings.defaults().withFsync(FsyncPolicy.INTERVAL, Duration.ofHours(1));
        FaultyChannels channels = new FaultyChannels();
        FileAuditTrail trail = FileAuditTrail.open(folder, settings, channels);
        trail.append(Records.delivered(DAY.plusSeconds(1), "<m@x>", "a@chu.fr"));
        assertThat(Files.readAllLines(folder.resolve("audit-2026-11-24.jsonl")))
            .as("written before append returns, forced later").hasSize(1);
        assertThat(channels.forces).hasValue(0);

        trail.close();

        assertThat(channels.forces).hasValue(1);
        assertThatThrownBy(() -> trail.append(Records.delivered(DAY.plusSeconds(2), "<m2@x>", "a@chu.fr")))
            .isInstanceOf(AuditUnavailableException.class).hasMessageContaining("closed");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
