package fr.caducee.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.identifier.Ins;

class RecordSeedTest {
    @Test
    void seededPatientsHaveValidAndDistinctInsUpToAHundredThousand() {
        Set<String> seen = new HashSet<>();
        for (int p = 0; p < 100_000; p++) {
            String ins = RecordSeed.ins(p);
            assertThat(Ins.isValid(ins)).as(ins).isTrue();
            assertThat(seen.add(ins)).as(ins).isTrue();
        }
    }
}
