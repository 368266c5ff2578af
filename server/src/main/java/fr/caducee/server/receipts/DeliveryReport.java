package fr.caducee.server.receipts;

import java.util.List;
import java.util.Optional;

/**
 * A delivery status notification (RFC 3464): the envelope id the sender gave ({@code ENVID}), the Message-ID of the
 * returned headers, and one entry per recipient.
 */
public record DeliveryReport(Optional<String> envelopeId, Optional<String> originalMessageId,
                             List<RecipientStatus> recipients) implements Report {

    /** RFC 3464's actions. */
    public enum Action {
        FAILED, DELAYED, DELIVERED, RELAYED, EXPANDED
    }

    /**
     * One recipient's fate: its final address, the address the sender wrote ({@code Original-Recipient}, the ORCPT),
     * the action, the status code ({@code 2.0.0}, {@code 5.1.1}...) and the remote server's words when given.
     */
    public record RecipientStatus(String finalRecipient, Optional<String> originalRecipient, Action action,
                                  Optional<String> status, Optional<String> diagnostic) {
    }
}
