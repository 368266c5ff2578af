package fr.caducee.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditSettings;
import fr.caducee.audit.Decision;
import fr.caducee.audit.FileAuditTrail;

class AuditForceTimesTest {
    @TempDir
    Path folder;

    @Test
    void eachForceOfTheTrailIsObservedInSeconds() throws Exception {
        AuditForceTimes times = new AuditForceTimes();
        try (FileAuditTrail trail = FileAuditTrail.open(folder, AuditSettings.defaults())) {
            trail.observeForces(times);
            trail.append(AuditRecord.builder(Decision.ACCEPTED).time(Instant.now()).via("mx").build());
            trail.append(AuditRecord.builder(Decision.DELIVERED).time(Instant.now()).via("local").build());
        }

        assertThat(sample(times, "caducee_audit_fsync_seconds_count")).isBetween(1.0, 3.0);
        assertThat(sample(times, "caducee_audit_fsync_seconds_sum")).isPositive().isLessThan(10.0);
    }

    private static double sample(AuditForceTimes times, String name) {
        return times.histogram().collect().get(0).samples.stream().filter(sample -> sample.name.equals(name))
            .findFirst().orElseThrow().value;
    }
}
