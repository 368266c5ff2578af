package fr.caducee.records;

/** The result of checking a message to the record's box: a deposit to store, or a refusal to send back. */
public sealed interface DepositOutcome {
    record Accepted(Deposit deposit) implements DepositOutcome {
    }

    record Refused(DepositRefusal refusal) implements DepositOutcome {
    }
}
