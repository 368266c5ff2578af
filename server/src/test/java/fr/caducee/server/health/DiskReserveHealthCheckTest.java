package fr.caducee.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.apache.james.core.healthcheck.Result;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

class DiskReserveHealthCheckTest {
    private static final long MB = 1024L * 1024;

    @Test
    void moreThanTwiceTheReserveIsHealthy() {
        assertThat(check(600 * MB, 256 * MB).isHealthy()).isTrue();
    }

    @Test
    void lessThanTwiceTheReserveIsDegradedWithTheFigures() {
        Result result = check(400 * MB, 256 * MB);

        assertThat(result.isDegraded()).isTrue();
        assertThat(result.getCause()).get().asString().contains("400 MB free").contains("reserve 256 MB");
    }

    @Test
    void belowTheReserveMailIsRefusedSoItIsUnhealthy() {
        Result result = check(100 * MB, 256 * MB);

        assertThat(result.isUnHealthy()).isTrue();
        assertThat(result.getCause()).get().asString().contains("100 MB free").contains("452 4.3.1");
    }

    @Test
    void aFileSystemThatCannotBeAskedIsUnhealthy() {
        Result result = Mono.from(new DiskReserveHealthCheck(() -> {
            throw new IOException("statvfs failed");
        }, 256 * MB).check()).block();

        assertThat(result.isUnHealthy()).isTrue();
        assertThat(result.getCause()).get().asString().contains("statvfs failed");
    }

    private static Result check(long free, long reserve) {
        return Mono.from(new DiskReserveHealthCheck(() -> free, reserve).check()).block();
    }
}
