package fr.caducee.server.gateway.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import fr.caducee.gateway.GatewayMessageIds.Purpose;

class ReceiptZamTest {

    @Test
    void theRecordsProcessedMdnIsAPositiveZ01WhenTheMessageAskedForReceipts() {
        assertThat(ReceiptZam.of(Purpose.RECORD, "mdn", "processed", Optional.empty(), Optional.empty(), true, false))
            .contains(new ReceiptZam("Z01", Optional.empty()));
        assertThat(ReceiptZam.of(Purpose.RECORD, "mdn", "processed", Optional.empty(), Optional.empty(), false, false))
            .isEmpty();
    }

    @Test
    void theRecordsRefusalIsANegativeZ01WithItsCodeAndLabelAskedOrNot() {
        assertThat(ReceiptZam.of(Purpose.RECORD, "mdn", "error", Optional.of("902"),
            Optional.of("Identifiant de patient inconnu"), false, false))
            .contains(new ReceiptZam("Z01", Optional.of("902^Identifiant de patient inconnu")));
    }

    @Test
    void aDepositThatCouldNotBeDeliveredIsANegativeZ01() {
        assertThat(ReceiptZam.of(Purpose.RECORD, "dsn", "failed", Optional.of("4.3.0"), Optional.of("spool"), false, false))
            .hasValueSatisfying(zam -> {
                assertThat(zam.kind()).isEqualTo("Z01");
                assertThat(zam.error()).hasValueSatisfying(error -> assertThat(error).startsWith("906^").contains("4.3.0"));
            });
    }

    @Test
    void aDeliveryDsnIsAPositiveZ02OnlyWhenAskedAndAFailureAlways() {
        assertThat(ReceiptZam.of(Purpose.PROFESSIONAL, "dsn", "delivered", Optional.of("2.0.0"), Optional.empty(), true,
            false)).contains(new ReceiptZam("Z02", Optional.empty()));
        assertThat(ReceiptZam.of(Purpose.PROFESSIONAL, "dsn", "delivered", Optional.of("2.0.0"), Optional.empty(), false,
            false)).isEmpty();
        assertThat(ReceiptZam.of(Purpose.PATIENT, "dsn", "failed", Optional.of("5.1.1"), Optional.of("unknown box"),
            false, false)).contains(new ReceiptZam("Z02", Optional.of("5.1.1 unknown box")));
    }

    @Test
    void relayedAndDelayedDsnsSayNothingFinal() {
        for (String status : new String[] {"relayed", "delayed", "expanded"}) {
            assertThat(ReceiptZam.of(Purpose.PROFESSIONAL, "dsn", status, Optional.empty(), Optional.empty(), true, true))
                .as(status).isEmpty();
        }
    }

    @Test
    void aReadingMdnIsAPositiveZ03WhenAskedAndItsErrorOrRefusalANegativeOne() {
        assertThat(ReceiptZam.of(Purpose.PROFESSIONAL, "mdn", "displayed", Optional.empty(), Optional.empty(), false,
            true)).contains(new ReceiptZam("Z03", Optional.empty()));
        assertThat(ReceiptZam.of(Purpose.PROFESSIONAL, "mdn", "processed", Optional.empty(), Optional.empty(), true,
            false)).isEmpty();
        assertThat(ReceiptZam.of(Purpose.PROFESSIONAL, "mdn", "error", Optional.of("904"), Optional.of("INS"), false,
            false)).contains(new ReceiptZam("Z03", Optional.of("904^INS")));
        assertThat(ReceiptZam.of(Purpose.PATIENT, "mdn", "deleted", Optional.empty(), Optional.empty(), false, false))
            .contains(new ReceiptZam("Z03", Optional.of("deleted")));
    }

    @Test
    void receiptsOfTheAdmissionsMailsAreNotForwarded() {
        assertThat(ReceiptZam.of(Purpose.ED_NOTICE, "dsn", "failed", Optional.of("5.1.1"), Optional.empty(), true, true))
            .isEmpty();
    }
}
