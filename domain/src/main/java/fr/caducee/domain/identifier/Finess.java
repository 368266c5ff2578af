package fr.caducee.domain.identifier;

import java.util.Locale;

/**
 * FINESS number of a health or social establishment (fichier national des établissements sanitaires et sociaux):
 * 9 digits, the last one a Luhn check digit over all nine.
 *
 * <p>Corsican establishments are numbered {@code 2A} or {@code 2B} followed by 7 digits. No published rule says how
 * their check digit is computed, so they are accepted on format alone and {@link #checkDigitVerified()} says so;
 * refusing them would cut Corsican structures off the directory.
 *
 * @param number the 9 characters, Corsican letters upper-case
 */
public record Finess(String number) implements StructureId {

    static final int LENGTH = 9;
    private static final String KIND = "FINESS";

    public Finess {
        Digits.requireValid(KIND, number, Finess::problem);
    }

    /** Parses a FINESS; surrounding blanks are ignored and {@code 2a}/{@code 2b} accepted. */
    public static Finess parse(String value) {
        return new Finess(Digits.parse(KIND, value, raw -> raw.toUpperCase(Locale.ROOT), Finess::problem));
    }

    /** False for Corsican numbers, whose check digit is not verified. */
    public boolean checkDigitVerified() {
        return !isCorsican(number);
    }

    @Override
    public String nationalId() {
        return "1" + number;
    }

    @Override
    public String toString() {
        return number;
    }

    private static boolean isCorsican(String s) {
        return s.startsWith("2A") || s.startsWith("2B");
    }

    private static String problem(String s) {
        if (s.isEmpty()) {
            return "is empty";
        }
        if (s.length() != LENGTH) {
            return "must have 9 characters, found " + s.length();
        }
        if (isCorsican(s)) {
            return Digits.firstNonDigit(s, 2, LENGTH);
        }
        String problem = Digits.firstNonDigit(s, 0, LENGTH);
        if (problem != null) {
            return problem;
        }
        if (!Luhn.isValid(s)) {
            return "fails the Luhn check (last digit should be " + Luhn.expectedCheckDigit(s)
                    + ", found " + s.charAt(LENGTH - 1) + ")";
        }
        return null;
    }
}
