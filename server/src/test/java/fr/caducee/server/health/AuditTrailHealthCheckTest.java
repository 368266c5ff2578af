package fr.caducee.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.james.core.healthcheck.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactor.core.publisher.Mono;

class AuditTrailHealthCheckTest {
    @TempDir
    Path folder;

    @Test
    void aWritableFolderIsHealthyAndKeepsNoTraceOfTheProbe() throws Exception {
        Result result = Mono.from(new AuditTrailHealthCheck(folder, Duration.ofSeconds(5)).check()).block();

        assertThat(result.isHealthy()).isTrue();
        assertThat(result.getComponentName().getName()).isEqualTo("AuditTrail");
        try (var files = Files.list(folder)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void anFsyncSlowerThanTheThresholdIsDegradedWithTheFigures() {
        Result result = Mono.from(new AuditTrailHealthCheck(folder, Duration.ZERO).check()).block();

        assertThat(result.isDegraded()).isTrue();
        assertThat(result.getCause()).get().asString().contains("an fsync in the audit trail's folder")
            .contains("more than 0 ms").contains("caducee.health.auditFsyncMillis");
    }

    @Test
    void aFolderThatCannotBeWrittenIsUnhealthy() {
        Path missing = folder.resolve("gone");

        Result result = Mono.from(new AuditTrailHealthCheck(missing, Duration.ofSeconds(5)).check()).block();

        assertThat(result.isUnHealthy()).isTrue();
        assertThat(result.getCause()).get().asString().contains("cannot be written").contains(missing.toString());
    }
}
