package fr.caducee.rules.recipients;

import java.util.Locale;
import java.util.Optional;

/**
 * The box of the operator's shared-record service ({@code caducee.records.box}): an APP box that takes documents
 * deposited by professionals' software into patients' records. The rules treat it apart in two places: a patient may
 * not write to it, and documents masked from professionals ({@code MASQUE_PS}) may reach it, since the record
 * honours the code itself.
 *
 * @param address the box address, lower case; empty when this server runs no record service (tests of the rules)
 */
public record RecordBox(Optional<String> address) {
    public static final RecordBox NONE = new RecordBox(Optional.empty());

    public RecordBox {
        address = address.map(value -> value.trim().toLowerCase(Locale.ROOT));
    }

    public static RecordBox of(String address) {
        return new RecordBox(Optional.of(address));
    }

    /** True when this address is the record's box (case aside). */
    public boolean is(String candidate) {
        return candidate != null && address.filter(candidate.trim().toLowerCase(Locale.ROOT)::equals).isPresent();
    }
}
