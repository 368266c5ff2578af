package fr.caducee.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.testkit.KillNine;

/**
 * Kills a JVM with SIGKILL while 8 threads append, then checks that every record whose append had returned is in
 * the trail reopened from its folder, and that the trail takes new records after the crash; twice.
 */
class CrashRecoveryTest {
    private static final int ACKS_BEFORE_KILL = 3000;
    private static final int APPENDERS = 8;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesKillNine() throws Exception {
        Path folder = dir.resolve("audit");
        Set<Long> acknowledged = new HashSet<>();
        for (int round = 0; round < 2; round++) {
            acknowledged.addAll(appendUntilKilled(folder, round * 1_000_000));

            Set<Long> found = new HashSet<>();
            try (FileAuditTrail trail = FileAuditTrail.open(folder, AuditSettings.defaults())) {
                // The records this test appends itself after each check are numbered below zero.
                trail.reader().forEach(everything(), record -> {
                    if (record.size() >= 0) {
                        found.add(record.size());
                    }
                });
                assertThat(acknowledged).as("acknowledged records missing after kill -9")
                    .allMatch(found::contains);
                // Appends in flight at a kill may or may not be there, one per appender and kill at most.
                assertThat(found.size()).isBetween(acknowledged.size(), acknowledged.size() + APPENDERS * (round + 1));

                trail.append(Records.numbered(-1 - round));
                assertThat(trail.reader().query(everything().withMessageId("<" + (-1 - round) + "@test>")).matched())
                    .isEqualTo(1);
            }
        }
        for (SegmentName segment : SegmentName.all(folder)) {
            List<String> lines = Files.readAllLines(folder.resolve(segment.fileName()));
            assertThat(lines).allSatisfy(line -> assertThat(AuditJson.read(line)).as(line).isPresent());
        }
    }

    private static AuditQuery everything() {
        return AuditQuery.between(Instant.now().minus(Duration.ofDays(2)), Instant.now().plus(Duration.ofDays(1)));
    }

    private Set<Long> appendUntilKilled(Path folder, int first) throws Exception {
        return new HashSet<>(KillNine.acknowledgedUntilKilled(dir.resolve("appender-" + first + ".err"),
            ACKS_BEFORE_KILL, CrashingAppender.class, folder.toString(), Integer.toString(first),
            Integer.toString(APPENDERS)));
    }
}
