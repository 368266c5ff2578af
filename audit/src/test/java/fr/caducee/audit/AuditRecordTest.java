package fr.caducee.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class AuditRecordTest {
    @Test
    void aRecipientGivenSeveralTimesIsListedOnceInTheOrderFirstGiven() {
        AuditRecord record = AuditRecord.builder(Decision.DELIVERED)
            .recipients(List.of("b@chu.localhost", "a@chu.localhost", "b@chu.localhost", "A@CHU.localhost"))
            .build();

        assertThat(record.recipients()).containsExactly("b@chu.localhost", "a@chu.localhost");
    }

    @Test
    void aRecordWithoutRecipientsHasAnEmptyList() {
        assertThat(AuditRecord.builder(Decision.REFUSED).build().recipients()).isEmpty();
    }
}
