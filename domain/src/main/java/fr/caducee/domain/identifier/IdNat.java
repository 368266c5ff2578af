package fr.caducee.domain.identifier;

import java.util.Objects;

/**
 * National identifier of a health professional (identifiant national, idNat_PS): {@code 8} followed by the 11-digit
 * RPPS number, or {@code 0} followed by the 9-digit ADELI number. This is the form found in the directory, in
 * certificates and in document metadata.
 *
 * @param kind   which register issued the number
 * @param number the bare number, without the one-digit prefix
 */
public record IdNat(Kind kind, String number) {

    /** OID of the professionals' national identifier scheme (both RPPS and ADELI forms). */
    public static final String OID = "1.2.250.1.71.4.2.1";

    private static final String KIND = "idNat";

    /** The register that issued the number. */
    public enum Kind {
        /** Répertoire partagé des professionnels de santé: 11 digits, the last one a Luhn check digit. */
        RPPS('8', 11),
        /** Legacy register, still used by some professions: 9 digits with no check digit published for checking. */
        ADELI('0', 9);

        private final char prefix;
        private final int length;

        Kind(char prefix, int length) {
            this.prefix = prefix;
            this.length = length;
        }

        /** The digit put in front of the number to form the idNat. */
        public char prefix() {
            return prefix;
        }

        /** Number of digits of the bare number. */
        public int length() {
            return length;
        }
    }

    public IdNat {
        Objects.requireNonNull(kind, "kind");
        String problem = problemWithNumber(kind, number);
        if (problem != null) {
            throw new InvalidIdentifierException(kind.name(), number, problem);
        }
    }

    /** Parses the prefixed form ({@code 810000005479}, {@code 0751234567}); surrounding blanks are ignored. */
    public static IdNat parse(String value) {
        if (value == null) {
            throw new InvalidIdentifierException(KIND, null, "is missing");
        }
        String s = Digits.trim(value);
        if (s.isEmpty()) {
            throw new InvalidIdentifierException(KIND, value, "is empty");
        }
        String nonDigit = Digits.firstNonDigit(s, 0, s.length());
        if (nonDigit != null) {
            throw new InvalidIdentifierException(KIND, value, nonDigit);
        }
        Kind kind = switch (s.charAt(0)) {
            case '8' -> Kind.RPPS;
            case '0' -> Kind.ADELI;
            default -> throw new InvalidIdentifierException(KIND, value,
                    "must start with 8 (RPPS, 12 digits) or 0 (ADELI, 10 digits), found " + s.charAt(0));
        };
        if (s.length() != kind.length + 1) {
            throw new InvalidIdentifierException(KIND, value, "starts with " + kind.prefix + " (" + kind
                    + ") so it must have " + (kind.length + 1) + " digits, found " + s.length());
        }
        String number = s.substring(1);
        String problem = problemWithNumber(kind, number);
        if (problem != null) {
            throw new InvalidIdentifierException(KIND, value, kind + " " + number + " " + problem);
        }
        return new IdNat(kind, number);
    }

    /** From a bare 11-digit RPPS number, as in the directory's "Identifiant PP" column. */
    public static IdNat rpps(String number) {
        return new IdNat(Kind.RPPS, number == null ? null : Digits.trim(number));
    }

    /** From a bare 9-digit ADELI number. */
    public static IdNat adeli(String number) {
        return new IdNat(Kind.ADELI, number == null ? null : Digits.trim(number));
    }

    /** The prefixed form, e.g. {@code 810000005479}. */
    public String value() {
        return kind.prefix + number;
    }

    @Override
    public String toString() {
        return value();
    }

    private static String problemWithNumber(Kind kind, String number) {
        if (number == null) {
            return "is missing";
        }
        String nonDigit = Digits.firstNonDigit(number, 0, number.length());
        if (nonDigit != null) {
            return nonDigit;
        }
        if (number.length() != kind.length) {
            return "must have " + kind.length + " digits, found " + number.length();
        }
        if (kind == Kind.RPPS && !Luhn.isValid(number)) {
            return "fails the Luhn check (last digit should be " + Luhn.expectedCheckDigit(number)
                    + ", found " + number.charAt(number.length() - 1) + ")";
        }
        return null;
    }
}
