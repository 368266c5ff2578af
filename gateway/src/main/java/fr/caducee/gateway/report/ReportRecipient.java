package fr.caducee.gateway.report;

import java.util.Objects;
import java.util.Optional;

/**
 * A recipient of the document: PRT with PRT-4 {@code RCT}, its address PRT-15.4 (XTN {@code ^^X.400^<address>}),
 * its identifier PRT-5 (idNat of a professional, or the INS for the patient).
 *
 * @param address the secure-messaging address, as written
 * @param identifier PRT-5.1 as written (idNat or INS), empty when absent
 * @param patient true when the address is the patient's box ({@code <INS>@patient.<domain>}) or PRT-5 is under an INS
 *     authority: such a recipient is served by {@code DESTMSSANTEPAT}, not {@code DESTMSSANTEPS}
 */
public record ReportRecipient(String address, Optional<String> identifier, String family, String given,
                              boolean patient) {
    public ReportRecipient {
        Objects.requireNonNull(address, "address");
        identifier = Objects.requireNonNullElse(identifier, Optional.empty());
        family = Objects.requireNonNullElse(family, "");
        given = Objects.requireNonNullElse(given, "");
    }
}
