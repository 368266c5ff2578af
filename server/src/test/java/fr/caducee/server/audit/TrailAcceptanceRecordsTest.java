package fr.caducee.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditSettings;
import fr.caducee.audit.Decision;
import fr.caducee.audit.FileAuditTrail;

class TrailAcceptanceRecordsTest {
    @TempDir
    Path folder;

    @Test
    void onlyTheHeldMailsWithAnAcceptedRecordSinceTheirHoldAreRecorded() throws Exception {
        Instant held = Instant.now().minus(Duration.ofSeconds(5));
        try (FileAuditTrail trail = FileAuditTrail.open(folder, AuditSettings.defaults())) {
            trail.append(AuditRecord.builder(Decision.ACCEPTED).time(held.minusSeconds(3600)).mail("accepted-long-ago")
                .build());
            trail.append(AuditRecord.builder(Decision.ACCEPTED).time(held.plusMillis(3)).mail("recorded").build());
            trail.append(AuditRecord.builder(Decision.REFUSED).time(held.plusMillis(4)).mail("refused").build());
            trail.append(AuditRecord.builder(Decision.ACCEPTED).time(held.plusMillis(5)).mail("not-held").build());

            Set<String> recorded = new TrailAcceptanceRecords(trail.reader())
                .recorded(Set.of("recorded", "refused", "killed-before-its-record", "accepted-long-ago"), held);

            assertThat(recorded).containsExactly("recorded");
        }
    }
}
