package fr.caducee.gateway.admission;

import java.util.Objects;

import fr.caducee.domain.identifier.IdNat;

/**
 * The patient's GP (médecin traitant) as the admission names them: ROL with ROL-3 {@code ODRP}, its ROL-4 XCN
 * ({@code <number>^NAME^FIRST^^^^^^ASIP-SANTE-PS&1.2.250.1.71.4.2.1&ISO^L^^^RPPS} or {@code ...^ADELI}), else PD1-4.
 * An RPPS number (11 digits) becomes idNat {@code 8}+RPPS, an ADELI (9 digits) {@code 0}+ADELI; a number already
 * prefixed (12 or 10 digits under the idNat OID) is taken as it is.
 *
 * @param source where the reference was read
 */
public record GpReference(IdNat idNat, String family, String given, Source source) {
    public enum Source { ROL_ODRP, PD1_4 }

    public GpReference {
        Objects.requireNonNull(idNat, "idNat");
        Objects.requireNonNull(source, "source");
        family = Objects.requireNonNullElse(family, "");
        given = Objects.requireNonNullElse(given, "");
    }

    /** "Dr FIRST NAME" as written in the notice and the summary. */
    public String displayName() {
        return (given + " " + family).strip();
    }
}
