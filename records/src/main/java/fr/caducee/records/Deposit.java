package fr.caducee.records;

import java.util.List;
import java.util.Objects;

/**
 * What a message to the record's box asks for, once checked: every document of its archive, all for one patient.
 *
 * @param senderBox the box that sent it (envelope sender), to which the receipt goes
 * @param messageId the message's Message-ID, which the receipt names and which makes a second delivery of the same
 *     message a no-op
 * @param documents in archive order, at least one
 */
public record Deposit(String senderBox, String messageId, List<DocumentDeposit> documents) {
    public Deposit {
        Objects.requireNonNull(senderBox, "senderBox");
        Objects.requireNonNull(messageId, "messageId");
        documents = List.copyOf(documents);
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("a deposit holds at least one document");
        }
    }

    public String patientIns() {
        return documents.get(0).patientIns();
    }
}
