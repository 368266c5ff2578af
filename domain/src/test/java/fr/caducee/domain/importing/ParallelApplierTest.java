package fr.caducee.domain.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParallelApplierTest {

    @Test
    void appliesEveryItemOnTheWorkers() {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try (ParallelApplier<Integer> applier = new ParallelApplier<>("test", 4, i -> {
            seen.add(i);
            threads.add(Thread.currentThread().getName());
        })) {
            for (int i = 0; i < 10_000; i++) {
                applier.submit(i);
            }
            applier.finish();
        }
        assertThat(seen).hasSize(10_000);
        assertThat(threads).allMatch(name -> name.startsWith("test-"));
    }

    @Test
    void theFirstFailureStopsTheReaderAndLaterItemsAreDropped() {
        AtomicInteger applied = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("directory down");
        ParallelApplier<Integer> applier = new ParallelApplier<>("test", 2, i -> {
            if (i == 100) {
                throw boom;
            }
            applied.incrementAndGet();
        });

        assertThatThrownBy(() -> {
            try (applier) {
                for (int i = 0; i < 1_000_000; i++) {
                    applier.submit(i);
                }
                applier.finish();
            }
        }).isSameAs(boom);
        assertThat(applied.get()).isLessThan(999_999);
    }
}
