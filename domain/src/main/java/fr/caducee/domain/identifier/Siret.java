package fr.caducee.domain.identifier;

import java.util.function.UnaryOperator;

/**
 * SIRET number of an establishment: the 9-digit SIREN of the company followed by the 5-digit NIC (numéro interne de
 * classement). Both the SIREN and the whole SIRET carry a Luhn check digit.
 *
 * <p>Exception: La Poste (SIREN {@code 356000000}) has more establishments than the Luhn key leaves room
 * for, so INSEE numbers them so that the sum of the 14 digits is a multiple of 5. Some of its numbers, the head
 * office's {@code 35600000000048} among them, satisfy Luhn instead, so either rule is accepted for that SIREN.
 *
 * @param number the 14 digits
 */
public record Siret(String number) implements StructureId {

    static final int LENGTH = 14;
    static final String LA_POSTE_SIREN = "356000000";
    private static final int SIREN_LENGTH = 9;
    private static final String KIND = "SIRET";

    public Siret {
        Digits.requireValid(KIND, number, Siret::problem);
    }

    /** Parses a SIRET; surrounding blanks are ignored, blanks inside (as in {@code 732 829 320 00074}) are not. */
    public static Siret parse(String value) {
        return new Siret(Digits.parse(KIND, value, UnaryOperator.identity(), Siret::problem));
    }

    /** The 9-digit company number. */
    public String siren() {
        return number.substring(0, SIREN_LENGTH);
    }

    /** The 5-digit establishment number within the company. */
    public String nic() {
        return number.substring(SIREN_LENGTH);
    }

    @Override
    public String nationalId() {
        return "3" + number;
    }

    @Override
    public String toString() {
        return number;
    }

    private static String problem(String s) {
        if (s.isEmpty()) {
            return "is empty";
        }
        String problem = Digits.firstNonDigit(s, 0, s.length());
        if (problem != null) {
            return problem;
        }
        if (s.length() != LENGTH) {
            return "must have 14 digits, found " + s.length();
        }
        if (s.startsWith(LA_POSTE_SIREN)) {
            int digitSum = s.chars().map(c -> c - '0').sum();
            if (digitSum % 5 != 0 && !Luhn.isValid(s)) {
                return "La Poste SIRET: digit sum " + digitSum + " is not a multiple of 5 and the Luhn check fails";
            }
            return null;
        }
        String siren = s.substring(0, SIREN_LENGTH);
        if (!Luhn.isValid(siren)) {
            return "SIREN " + siren + " fails the Luhn check (9th digit should be " + Luhn.expectedCheckDigit(siren)
                    + ", found " + siren.charAt(SIREN_LENGTH - 1) + ")";
        }
        if (!Luhn.isValid(s)) {
            return "fails the Luhn check (last digit should be " + Luhn.expectedCheckDigit(s)
                    + ", found " + s.charAt(LENGTH - 1) + ")";
        }
        return null;
    }
}
