package fr.caducee.server.receipts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A message a local box sent, as accepted on submission: its Message-ID, the envelope id the software gave
 * ({@code ENVID}), and each recipient with the original address it gave ({@code ORCPT}).
 */
public record SentMessage(long id, String senderBox, Optional<String> messageId, Optional<String> envelopeId,
                          List<Recipient> recipients, Instant acceptedAt) {

    /** A recipient of the envelope, and the address the sender wrote for it when it said ({@code ORCPT}). */
    public record Recipient(String address, Optional<String> originalRecipient) {
    }

    /**
     * The recipient a receipt speaks of: the one whose address is the receipt's final or original recipient, or
     * whose ORCPT is. None when the receipt names nobody this message was sent to: a receipt is mail anyone can
     * write, and one from a stranger must not say the message was delivered or read.
     */
    public Optional<String> recipientFor(String finalRecipient, Optional<String> originalRecipient) {
        for (Recipient recipient : recipients) {
            if (recipient.address().equals(finalRecipient)
                || originalRecipient.filter(recipient.address()::equals).isPresent()
                || recipient.originalRecipient().filter(orcpt -> orcpt.equals(finalRecipient)
                    || originalRecipient.filter(orcpt::equals).isPresent()).isPresent()) {
                return Optional.of(recipient.address());
            }
        }
        return Optional.empty();
    }
}
