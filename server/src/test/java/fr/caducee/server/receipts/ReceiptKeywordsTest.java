package fr.caducee.server.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ReceiptKeywordsTest {
    static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
    static final SentMessage TWO_RECIPIENTS = new SentMessage(1, "dr.martin@chu.test", Optional.of("<m1@chu.test>"),
        Optional.empty(), List.of(new SentMessage.Recipient("a@chu.test", Optional.empty()),
            new SentMessage.Recipient("b@other.test", Optional.empty())), T0);

    @Test
    void noReceiptEarnsNoKeyword() {
        assertThat(keywords()).isEmpty();
    }

    @Test
    void deliveredNeedsEveryRecipient() {
        assertThat(keywords(dsn("a@chu.test", "delivered"))).isEmpty();
        assertThat(keywords(dsn("a@chu.test", "delivered"), dsn("b@other.test", "delivered")))
            .containsExactly(ReceiptKeywords.DELIVERED);
    }

    @Test
    void relayedIsNotYetDelivered() {
        assertThat(keywords(dsn("a@chu.test", "delivered"), dsn("b@other.test", "relayed"))).isEmpty();
    }

    @Test
    void anMdnTellsTheMessageWasDeliveredToItsRecipient() {
        assertThat(keywords(dsn("a@chu.test", "delivered"), mdn("b@other.test", "processed")))
            .containsExactlyInAnyOrder(ReceiptKeywords.DELIVERED, ReceiptKeywords.PROCESSED);
    }

    @Test
    void oneFailedRecipientIsADeliveryFailure() {
        assertThat(keywords(dsn("a@chu.test", "delivered"), dsn("b@other.test", "failed")))
            .containsExactly(ReceiptKeywords.DELIVERY_FAILED);
    }

    @Test
    void dispositionsGiveTheirKeywords() {
        assertThat(keywords(mdn("a@chu.test", "displayed"))).containsExactly(ReceiptKeywords.DISPLAYED);
        assertThat(keywords(mdn("a@chu.test", "dispatched"))).containsExactly(ReceiptKeywords.PROCESSED);
        assertThat(keywords(mdn("a@chu.test", "error"))).containsExactly(ReceiptKeywords.PROCESSING_FAILED);
        assertThat(keywords(mdn("a@chu.test", "deleted"))).isEmpty();
    }

    @Test
    void anIntegrationErrorOfAnsIsAlsoAFailedDeposit() {
        Receipt refused = new Receipt("dmp@chu.test", Receipt.Kind.MDN, "error", Optional.of("902"),
            Optional.of("Identifiant de patient inconnu"), "<r@x>", T0);
        Receipt otherError = new Receipt("a@chu.test", Receipt.Kind.MDN, "error", Optional.of("5.1.1"), Optional.empty(),
            "<r@x>", T0);

        assertThat(keywords(refused)).contains(ReceiptKeywords.PROCESSING_FAILED, ReceiptKeywords.DEPOSIT_FAILED);
        assertThat(keywords(otherError)).containsExactly(ReceiptKeywords.PROCESSING_FAILED);
    }

    @Test
    void theLatestReceiptOfEachKindSpeaksForItsRecipient() {
        assertThat(keywords(dsn("a@chu.test", "delayed"), dsn("a@chu.test", "delivered"), dsn("b@other.test", "delivered")))
            .containsExactly(ReceiptKeywords.DELIVERED);
    }

    @Test
    void keywordsAreImapAtoms() {
        for (String keyword : List.of(ReceiptKeywords.DELIVERED, ReceiptKeywords.DELIVERY_FAILED,
                ReceiptKeywords.DISPLAYED, ReceiptKeywords.PROCESSED, ReceiptKeywords.PROCESSING_FAILED, ReceiptKeywords.DEPOSIT_FAILED)) {
            // RFC 9051 atom: no atom-specials (( ) { SP CTL % * " \ ]); '$' is allowed and marks a well-known keyword.
            assertThat(keyword).matches("\\$[A-Za-z]+");
        }
    }

    private static java.util.Set<String> keywords(Receipt... receipts) {
        return ReceiptKeywords.of(RecipientState.of(TWO_RECIPIENTS, List.of(receipts)));
    }

    static Receipt dsn(String recipient, String status) {
        return new Receipt(recipient, Receipt.Kind.DSN, status, Optional.of("2.0.0"), Optional.empty(), "<r@x>", T0);
    }

    static Receipt mdn(String recipient, String status) {
        return new Receipt(recipient, Receipt.Kind.MDN, status, Optional.empty(), Optional.empty(), "<r@x>", T0);
    }
}
