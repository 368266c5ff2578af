package fr.caducee.server.receipts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link ReceiptStore} in memory, for the tests of what uses one. */
class InMemoryReceiptStore implements ReceiptStore {
    final List<SentMessage> sent = new CopyOnWriteArrayList<>();
    final List<String> mailNames = new CopyOnWriteArrayList<>();
    final List<Stored> receipts = new CopyOnWriteArrayList<>();

    record Stored(long sentId, Receipt receipt) {
    }

    @Override
    public void recordSent(String mailName, String senderBox, Optional<String> messageId, Optional<String> envelopeId,
                           List<SentMessage.Recipient> recipients, Instant acceptedAt) {
        if (mailNames.contains(mailName)) {
            return;
        }
        mailNames.add(mailName);
        sent.add(new SentMessage(sent.size() + 1, senderBox.toLowerCase(Locale.ROOT), messageId, envelopeId,
            List.copyOf(recipients), acceptedAt));
    }

    @Override
    public Optional<SentMessage> findSent(String senderBox, Optional<String> messageId, Optional<String> envelopeId) {
        String box = senderBox.toLowerCase(Locale.ROOT);
        Comparator<SentMessage> latest = Comparator.comparing(SentMessage::acceptedAt).thenComparing(SentMessage::id);
        Optional<SentMessage> byEnvelope = sent.stream()
            .filter(message -> message.senderBox().equals(box) && envelopeId.isPresent()
                && message.envelopeId().equals(envelopeId))
            .max(latest);
        return byEnvelope.or(() -> sent.stream()
            .filter(message -> message.senderBox().equals(box) && messageId.isPresent()
                && message.messageId().equals(messageId))
            .max(latest));
    }

    @Override
    public boolean addReceipt(long sentId, Receipt receipt) {
        boolean known = receipts.stream().anyMatch(stored -> stored.sentId() == sentId
            && stored.receipt().recipient().equals(receipt.recipient()) && stored.receipt().kind() == receipt.kind()
            && stored.receipt().status().equals(receipt.status())
            && stored.receipt().receiptMessageId().equals(receipt.receiptMessageId()));
        if (!known) {
            receipts.add(new Stored(sentId, receipt));
        }
        return !known;
    }

    @Override
    public List<Receipt> receiptsOf(long sentId) {
        List<Receipt> found = new ArrayList<>();
        receipts.stream().filter(stored -> stored.sentId() == sentId).forEach(stored -> found.add(stored.receipt()));
        return found;
    }
}
