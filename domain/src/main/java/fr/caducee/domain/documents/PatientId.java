package fr.caducee.domain.documents;

import java.util.Optional;
import java.util.Set;

import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.InvalidIdentifierException;

/**
 * A document's patient identifier as XDS writes it, an HL7 v2 CX value {@code id^^^&authority-oid&ISO}, e.g.
 * {@code 146026322000196^^^&1.2.250.1.213.1.4.8&ISO}.
 *
 * @param value the value as written in the metadata
 * @param id the identifier (first component)
 * @param authority the assigning authority's universal id (OID), empty when absent
 */
public record PatientId(String value, String id, String authority) {
    /** Assigning authorities of an INS: NIR, NIA, test and demonstration identities. */
    public static final Set<String> INS_AUTHORITIES = Set.of(Ins.NIR_OID, Ins.NIA_OID, Ins.TEST_OID, Ins.DEMO_OID);

    public static PatientId parse(String value) {
        String[] components = value.trim().split("\\^", -1);
        String authority = "";
        if (components.length > 3) {
            String[] subcomponents = components[3].split("&", -1);
            authority = subcomponents.length > 1 ? subcomponents[1].trim() : "";
        }
        return new PatientId(value.trim(), components[0].trim(), authority);
    }

    /** A qualified INS: assigned by an INS authority, and a valid matricule (15 digits with the right key). */
    public boolean qualifiedIns() {
        return whyNotQualified().isEmpty();
    }

    /** Why this is not a qualified INS, as a phrase; empty when it is one. */
    public Optional<String> whyNotQualified() {
        if (!INS_AUTHORITIES.contains(authority)) {
            return Optional.of("its assigning authority " + (authority.isEmpty() ? "is missing" : Shown.value(authority) + " is not")
                + " an INS one (" + Ins.NIR_OID + " NIR, .9 NIA, .10 test, .11 demo)");
        }
        try {
            Ins.parse(id);
            return Optional.empty();
        } catch (InvalidIdentifierException e) {
            return Optional.of("its matricule " + Shown.value(id) + " " + e.problem());
        }
    }
}
