package fr.caducee.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;

import org.apache.james.core.healthcheck.Result;
import org.junit.jupiter.api.Test;

import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.directory.store.InMemoryDirectoryStore;
import reactor.core.publisher.Mono;

class DirectoryHealthCheckTest {
    @Test
    void aStoreThatAnswersIsHealthy() {
        Result result = Mono.from(new DirectoryHealthCheck(new InMemoryDirectoryStore()).check()).block();

        assertThat(result.isHealthy()).isTrue();
        assertThat(result.getComponentName().getName()).isEqualTo("Directory");
    }

    @Test
    void aStoreThatFailsIsUnhealthyWithItsReason() {
        DirectoryStore store = mock(DirectoryStore.class);
        when(store.boxes(any(), anyInt())).thenThrow(new DirectoryUnavailableException("connection refused", null));

        Result result = Mono.from(new DirectoryHealthCheck(store).check()).block();

        assertThat(result.isUnHealthy()).isTrue();
        assertThat(result.getCause()).get().asString().contains("directory store does not answer")
            .contains("connection refused");
    }

    @Test
    void aStoreThatHangsIsUnhealthyAfterTheLimit() {
        DirectoryStore store = mock(DirectoryStore.class);
        when(store.boxes(any(), anyInt())).thenAnswer(invocation -> {
            Thread.sleep(5_000);
            return java.util.List.of();
        });

        long start = System.nanoTime();
        Result result = Mono.from(new DirectoryHealthCheck(store, Duration.ofMillis(200)).check()).block();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(result.isUnHealthy()).isTrue();
        assertThat(result.getCause()).get().asString().contains("no answer within 200 ms");
    }
}
