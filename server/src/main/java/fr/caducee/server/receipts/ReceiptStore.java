package fr.caducee.server.receipts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What local boxes sent and the receipts that came back for it (tables of {@code V7__receipts.sql}). */
public interface ReceiptStore {

    /** Records a submitted message; a mail recorded already (processed again after a crash) is left as it is. */
    void recordSent(String mailName, String senderBox, Optional<String> messageId, Optional<String> envelopeId,
                    List<SentMessage.Recipient> recipients, Instant acceptedAt);

    /**
     * The latest message this box sent with this envelope id, else with this Message-ID (a message sent again
     * keeps its Message-ID).
     */
    Optional<SentMessage> findSent(String senderBox, Optional<String> messageId, Optional<String> envelopeId);

    /** Adds a receipt; false when the same receipt was recorded already. */
    boolean addReceipt(long sentId, Receipt receipt);

    /** The receipts of a sent message, in the order they arrived. */
    List<Receipt> receiptsOf(long sentId);
}
