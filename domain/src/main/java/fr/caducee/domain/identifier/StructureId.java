package fr.caducee.domain.identifier;

/**
 * Identifier of a health structure (établissement, structure): a FINESS or a SIRET number. Organisational and
 * applicative boxes are attached to one.
 */
public sealed interface StructureId permits Finess, Siret {

    /** OID of the structures' national identifier scheme (idNat_Struct). */
    String OID = "1.2.250.1.71.4.2.2";

    /** The bare number, as printed on documents. */
    String number();

    /**
     * The national structure identifier (identification nationale de structure): a one-digit prefix naming the
     * register, then the number ({@code 1} + FINESS, {@code 3} + SIRET).
     */
    String nationalId();

    /** Parses a bare FINESS (9 characters) or SIRET (14 digits), told apart by length; blanks around are ignored. */
    static StructureId parse(String value) {
        if (value == null) {
            throw new InvalidIdentifierException("structure id", null, "is missing");
        }
        String s = Digits.trim(value);
        return switch (s.length()) {
            case Finess.LENGTH -> Finess.parse(s);
            case Siret.LENGTH -> Siret.parse(s);
            default -> throw new InvalidIdentifierException("structure id", value,
                    "must be a FINESS (9 characters) or a SIRET (14 digits), found " + s.length() + " characters");
        };
    }

    /**
     * Parses the prefixed national form ({@code 1} + FINESS or {@code 3} + SIRET). The other prefixes of the
     * national scheme (0 ADELI practice, 2 SIREN, 4 RPPS practice) do not name a FINESS or SIRET and are refused.
     */
    static StructureId parseNational(String value) {
        String kind = "national structure id";
        if (value == null) {
            throw new InvalidIdentifierException(kind, null, "is missing");
        }
        String s = Digits.trim(value);
        if (s.isEmpty()) {
            throw new InvalidIdentifierException(kind, value, "is empty");
        }
        String rest = s.substring(1);
        return switch (s.charAt(0)) {
            case '1' -> Finess.parse(rest);
            case '3' -> Siret.parse(rest);
            case '0' -> throw unsupported(kind, value, "0 (ADELI practice)");
            case '2' -> throw unsupported(kind, value, "2 (SIREN)");
            case '4' -> throw unsupported(kind, value, "4 (RPPS practice)");
            default -> throw new InvalidIdentifierException(kind, value,
                    "prefix " + Digits.quote(s.charAt(0)) + " is unknown; expected 1 (FINESS) or 3 (SIRET)");
        };
    }

    private static InvalidIdentifierException unsupported(String kind, String value, String prefix) {
        return new InvalidIdentifierException(kind, value,
                "prefix " + prefix + " is not a FINESS or SIRET; expected 1 (FINESS) or 3 (SIRET)");
    }
}
