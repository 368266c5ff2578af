package fr.caducee.server.receipts;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The IMAP keywords (RFC 9051 flag keywords, atoms) set on the sender's copy of a message so that an ordinary mail
 * client shows its receipts. They are only ever added: a receipt does not take back what an earlier one said.
 * <ul>
 * <li>{@code $Delivered}: every recipient has it (a DSN "delivered", or an MDN from them);</li>
 * <li>{@code $DeliveryFailed}: a DSN "failed" for at least one recipient;</li>
 * <li>{@code $Displayed}: an MDN "displayed" (read) from at least one recipient;</li>
 * <li>{@code $Processed}: an MDN "processed" or "dispatched" without error (integrated) from at least one;</li>
 * <li>{@code $ProcessingFailed}: an MDN with an error from at least one (ANS: "KO Intégration système", codes
 * 900-906; a deposit refused by the shared record among them);</li>
 * <li>{@code $DepositFailed}: besides, when the error carries one of ANS's integration codes 900-906: the documents
 * were not integrated (into the shared record or the recipient's software), which practice software acts on.</li>
 * </ul>
 */
public final class ReceiptKeywords {
    public static final String DELIVERED = "$Delivered";
    public static final String DELIVERY_FAILED = "$DeliveryFailed";
    public static final String DISPLAYED = "$Displayed";
    public static final String PROCESSED = "$Processed";
    public static final String PROCESSING_FAILED = "$ProcessingFailed";
    public static final String DEPOSIT_FAILED = "$DepositFailed";

    private ReceiptKeywords() {
    }

    public static Set<String> of(List<RecipientState> recipients) {
        Set<String> keywords = new LinkedHashSet<>();
        if (!recipients.isEmpty() && recipients.stream().allMatch(RecipientState::delivered)) {
            keywords.add(DELIVERED);
        }
        for (RecipientState recipient : recipients) {
            recipient.delivery().filter(receipt -> receipt.status().equals("failed"))
                .ifPresent(receipt -> keywords.add(DELIVERY_FAILED));
            recipient.disposition().ifPresent(receipt -> {
                switch (receipt.status()) {
                    case Receipt.ERROR -> {
                        keywords.add(PROCESSING_FAILED);
                        if (receipt.code().filter(code -> code.matches("90[0-6]")).isPresent()) {
                            keywords.add(DEPOSIT_FAILED);
                        }
                    }
                    case "displayed" -> keywords.add(DISPLAYED);
                    case "processed", "dispatched" -> keywords.add(PROCESSED);
                    default -> { }
                }
            });
        }
        return keywords;
    }
}
