package fr.caducee.server.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReceiptRecorderTest {
    static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
    static final String BOX = "dr.martin@chu.test";

    final InMemoryReceiptStore store = new InMemoryReceiptStore();
    final SentCopies copies = mock(SentCopies.class);
    final ReceiptRecorder recorder = new ReceiptRecorder(store, copies);

    @BeforeEach
    void sentMessage() {
        store.recordSent("mail-1", BOX, Optional.of("<m1@chu.test>"), Optional.of("env-1"),
            List.of(new SentMessage.Recipient("dmp@chu.test", Optional.of("records@chu.test"))), T0);
    }

    @Test
    void aDeliveredDsnFoundByEnvelopeIdIsRecordedAndMarksTheSentCopy() throws Exception {
        DeliveryReport dsn = new DeliveryReport(Optional.of("env-1"), Optional.empty(), List.of(
            new DeliveryReport.RecipientStatus("dmp@chu.test", Optional.empty(), DeliveryReport.Action.DELIVERED,
                Optional.of("2.0.0"), Optional.empty())));

        ReceiptRecorder.Outcome outcome = recorder.record(BOX, dsn, "<dsn@chu.test>", T0);

        assertThat(outcome.recorded()).singleElement().satisfies(receipt -> {
            assertThat(receipt.kind()).isEqualTo(Receipt.Kind.DSN);
            assertThat(receipt.status()).isEqualTo("delivered");
            assertThat(receipt.code()).contains("2.0.0");
        });
        verify(copies).mark(BOX, "<m1@chu.test>", Set.of(ReceiptKeywords.DELIVERED));
    }

    @Test
    void anAnsErrorMdnNamingTheOriginalRecipientIsRecordedForTheRecipientSentTo() throws Exception {
        DispositionReport mdn = new DispositionReport("records-integration@chu.test", Optional.of("records@chu.test"),
            Optional.of("<m1@chu.test>"), Disposition.parse(
                "automatic-action/MDN-sent-automatically; processed/Error: 902^Identifiant de patient inconnu"));

        ReceiptRecorder.Outcome outcome = recorder.record(BOX, mdn, "<mdn@chu.test>", T0);

        assertThat(outcome.recorded()).singleElement().satisfies(receipt -> {
            assertThat(receipt.recipient()).isEqualTo("dmp@chu.test");
            assertThat(receipt.status()).isEqualTo(Receipt.ERROR);
            assertThat(receipt.code()).contains("902");
            assertThat(receipt.label()).contains("Identifiant de patient inconnu");
        });
        assertThat(outcome.keywords()).containsExactlyInAnyOrder(ReceiptKeywords.DELIVERED,
            ReceiptKeywords.PROCESSING_FAILED, ReceiptKeywords.DEPOSIT_FAILED);
    }

    @Test
    void aReceiptForAMessageThisBoxDidNotSendIsMatchedWithNothing() throws Exception {
        DispositionReport mdn = new DispositionReport("dmp@chu.test", Optional.empty(), Optional.of("<unknown@x>"),
            Disposition.parse("manual-action/MDN-sent-manually; displayed"));

        ReceiptRecorder.Outcome outcome = recorder.record(BOX, mdn, "<mdn@chu.test>", T0);

        assertThat(outcome.sent()).isEmpty();
        assertThat(store.receipts).isEmpty();
        verify(copies, never()).mark(anyString(), anyString(), any());
    }

    @Test
    void aReceiptSpeakingForSomeoneTheMessageWasNotSentToIsNotRecorded() throws Exception {
        DispositionReport forged = new DispositionReport("stranger@elsewhere.test", Optional.empty(),
            Optional.of("<m1@chu.test>"), Disposition.parse("manual-action/MDN-sent-manually; displayed"));

        ReceiptRecorder.Outcome outcome = recorder.record(BOX, forged, "<mdn@elsewhere.test>", T0);

        assertThat(outcome.sent()).isPresent();
        assertThat(outcome.strangers()).containsExactly("stranger@elsewhere.test");
        assertThat(store.receipts).isEmpty();
        verify(copies, never()).mark(anyString(), anyString(), any());
    }

    @Test
    void keywordsThatCannotBeSetLeaveTheReceiptRecorded() throws Exception {
        when(copies.mark(eq(BOX), anyString(), any())).thenThrow(new IllegalStateException("mailbox store down"));
        DispositionReport mdn = new DispositionReport("dmp@chu.test", Optional.empty(), Optional.of("<m1@chu.test>"),
            Disposition.parse("manual-action/MDN-sent-manually; displayed"));

        recorder.record(BOX, mdn, "<mdn@chu.test>", T0);

        assertThat(store.receipts).hasSize(1);
    }
}
