package fr.caducee.records.deposit;

import fr.caducee.records.DepositRefusal;
import fr.caducee.records.IntegrationError;

/** A check's refusal on its way out of the checks, which {@link ArchiveDepositCheck} turns into its outcome. */
final class RefusedDeposit extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient DepositRefusal refusal;

    RefusedDeposit(IntegrationError error, String rule, String sentence) {
        super(rule + ": " + sentence, null, false, false);
        this.refusal = new DepositRefusal(error, rule, sentence);
    }

    DepositRefusal refusal() {
        return refusal;
    }
}
