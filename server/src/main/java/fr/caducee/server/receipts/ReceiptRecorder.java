package fr.caducee.server.receipts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.mailbox.exception.MailboxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a receipt that arrived in a box: finds the message the box sent that it is about (by envelope id, else by
 * Message-ID), records one {@link Receipt} per recipient it reports on, and gives the sender's copy the keywords
 * the receipts now earn ({@link ReceiptKeywords}).
 */
public class ReceiptRecorder {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReceiptRecorder.class);

    private final ReceiptStore store;
    private final SentCopies copies;

    @Inject
    public ReceiptRecorder(ReceiptStore store, SentCopies copies) {
        this.store = store;
        this.copies = copies;
    }

    /**
     * What became of a receipt: the sent message it was matched with (none: nothing this box sent), the receipts
     * recorded, the recipients it spoke of that the message was not sent to (not recorded), the keywords earned.
     */
    public record Outcome(Optional<SentMessage> sent, List<Receipt> recorded, List<String> strangers,
                          Set<String> keywords) {
    }

    public Outcome record(String box, Report report, String receiptMessageId, Instant receivedAt) {
        Optional<String> envelopeId = report instanceof DeliveryReport delivery ? delivery.envelopeId() : Optional.empty();
        Optional<SentMessage> found = store.findSent(box, report.originalMessageId(), envelopeId);
        if (found.isEmpty()) {
            return new Outcome(Optional.empty(), List.of(), List.of(), Set.of());
        }
        SentMessage sent = found.get();
        List<Receipt> recorded = new ArrayList<>();
        List<String> strangers = new ArrayList<>();
        for (Reported reported : reported(report, receiptMessageId, receivedAt)) {
            Optional<String> recipient = sent.recipientFor(reported.finalRecipient(), reported.originalRecipient());
            if (recipient.isEmpty()) {
                strangers.add(reported.finalRecipient());
                continue;
            }
            Receipt receipt = reported.forRecipient(recipient.get());
            if (store.addReceipt(sent.id(), receipt)) {
                recorded.add(receipt);
            }
        }
        Set<String> keywords = ReceiptKeywords.of(RecipientState.of(sent, store.receiptsOf(sent.id())));
        Optional<String> messageId = sent.messageId();
        if (!recorded.isEmpty() && !keywords.isEmpty() && messageId.isPresent()) {
            try {
                copies.mark(sent.senderBox(), messageId.get(), keywords);
            } catch (MailboxException | RuntimeException e) {
                // The receipt is recorded and answered by GET /receipts; the keywords are a convenience.
                LOGGER.warn("Receipt {} for {} recorded, but the keywords {} could not be set on {}'s sent copy: {}",
                    receiptMessageId, messageId.get(), keywords, box, e.getMessage());
            }
        }
        return new Outcome(found, recorded, strangers, keywords);
    }

    /** What a receipt says of one recipient, before it is matched with the recipients the message was sent to. */
    record Reported(String finalRecipient, Optional<String> originalRecipient, Receipt.Kind kind, String status,
                    Optional<String> code, Optional<String> label, String receiptMessageId, Instant receivedAt) {

        Receipt forRecipient(String recipient) {
            return new Receipt(recipient, kind, status, code, label, receiptMessageId, receivedAt);
        }
    }

    static List<Reported> reported(Report report, String receiptMessageId, Instant receivedAt) {
        if (report instanceof DeliveryReport delivery) {
            return delivery.recipients().stream()
                .map(status -> new Reported(status.finalRecipient(), status.originalRecipient(), Receipt.Kind.DSN,
                    status.action().name().toLowerCase(Locale.ROOT), status.status(), status.diagnostic(),
                    receiptMessageId, receivedAt))
                .toList();
        }
        DispositionReport disposition = (DispositionReport) report;
        Disposition what = disposition.disposition();
        String status = what.failed() ? Receipt.ERROR : what.type().name().toLowerCase(Locale.ROOT);
        return List.of(new Reported(disposition.finalRecipient(), disposition.originalRecipient(), Receipt.Kind.MDN,
            status, what.error().flatMap(ReceiptError::code), what.error().flatMap(ReceiptError::label),
            receiptMessageId, receivedAt));
    }
}
