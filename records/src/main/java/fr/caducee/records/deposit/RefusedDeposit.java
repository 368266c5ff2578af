package fr.caducee.records.deposit;

import fr.caducee.records.DepositRefusal;

/** A check's refusal on its way out of the checks, which {@link ArchiveDepositCheck} turns into its outcome. */
final class RefusedDeposit extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient DepositRefusal refusal;

    RefusedDeposit(DepositRules rule, String sentence) {
        super(rule.id() + ": " + sentence, null, false, false);
        this.refusal = rule.refusal(sentence);
    }

    DepositRefusal refusal() {
        return refusal;
    }
}
