package fr.caducee.server.receipts;

import java.util.Optional;

/**
 * What went wrong, as a receipt reports it: a code (ANS's integration errors 900-906, or a DSN status such as
 * {@code 5.1.1}) and a label a person can read. Either may be missing from what the remote software wrote.
 */
public record ReceiptError(Optional<String> code, Optional<String> label) {

    /**
     * ANS's form, {@code 902^Identifiant de patient inconnu} or the longer
     * {@code 902^Identifiant de patient inconnu^messageErrorCondition| E^Error^errorSeverity}: the code, then the
     * label, then what only HL7 software reads. Text without {@code ^} is a label alone (RFC 8098's free text).
     */
    public static ReceiptError fromDetail(String detail) {
        String text = detail == null ? "" : detail.strip();
        if (text.isEmpty()) {
            return new ReceiptError(Optional.empty(), Optional.empty());
        }
        String[] components = text.split("\\^", -1);
        if (components.length == 1) {
            return new ReceiptError(Optional.empty(), present(text));
        }
        return new ReceiptError(present(components[0]), present(components[1]));
    }

    /** This error, its label taken from {@code other} where it has none. */
    public ReceiptError orLabel(Optional<String> other) {
        return label.isPresent() ? this : new ReceiptError(code, other.flatMap(ReceiptError::present));
    }

    static Optional<String> present(String text) {
        return Optional.ofNullable(text).map(String::strip).filter(value -> !value.isEmpty());
    }
}
