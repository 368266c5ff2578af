package fr.caducee.records;

import java.util.Objects;

/**
 * A deposit not integrated: nothing of it is stored.
 *
 * @param error the ANS code the sender's software acts on
 * @param rule the rule id, as the audit trail and the logs name it (e.g. {@code record-patient-unknown})
 * @param sentence what is wrong and what to do, for the person reading the receipt
 */
public record DepositRefusal(IntegrationError error, String rule, String sentence) {
    public DepositRefusal {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(sentence, "sentence");
    }
}
