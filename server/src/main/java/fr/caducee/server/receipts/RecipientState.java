package fr.caducee.server.receipts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a sent message stands for one recipient: the latest delivery receipt (DSN) and the latest disposition
 * receipt (MDN) that came back from them, each possibly none yet.
 */
public record RecipientState(String address, Optional<String> originalRecipient, Optional<Receipt> delivery,
                             Optional<Receipt> disposition) {

    /** One state per recipient of the message, in its order, then any recipient only the receipts name. */
    public static List<RecipientState> of(SentMessage sent, List<Receipt> receipts) {
        Map<String, RecipientState> states = new LinkedHashMap<>();
        for (SentMessage.Recipient recipient : sent.recipients()) {
            states.put(recipient.address(), new RecipientState(recipient.address(), recipient.originalRecipient(),
                Optional.empty(), Optional.empty()));
        }
        for (Receipt receipt : receipts) {
            RecipientState state = states.getOrDefault(receipt.recipient(),
                new RecipientState(receipt.recipient(), Optional.empty(), Optional.empty(), Optional.empty()));
            states.put(receipt.recipient(), receipt.kind() == Receipt.Kind.DSN
                ? new RecipientState(state.address, state.originalRecipient, Optional.of(receipt), state.disposition)
                : new RecipientState(state.address, state.originalRecipient, state.delivery, Optional.of(receipt)));
        }
        return new ArrayList<>(states.values());
    }

    /** Delivered: a DSN said so, or the recipient's software answered an MDN, which it could not without the message. */
    public boolean delivered() {
        return delivery.map(receipt -> receipt.status().equals("delivered")).orElse(false) || disposition.isPresent();
    }
}
