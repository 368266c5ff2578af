package fr.caducee.domain.identifier;

/**
 * The Luhn (mod 10) check used by RPPS, FINESS, SIREN and SIRET numbers. Callers check that the input is made of
 * ASCII digits first, so that errors can name the offending character. The one place the key is computed: identifiers,
 * the extract generator and the test fixtures all call it.
 */
public final class Luhn {

    private Luhn() {
    }

    /** True when the last digit of {@code digits} is the right check digit for the ones before it. */
    public static boolean isValid(CharSequence digits) {
        return weightedSum(digits, false) % 10 == 0;
    }

    /** The digit to append to {@code payload} to make it Luhn-valid. */
    public static int checkDigit(CharSequence payload) {
        return (10 - weightedSum(payload, true) % 10) % 10;
    }

    /** {@code payload} followed by the digit that makes it Luhn-valid. */
    public static String withCheckDigit(String payload) {
        return payload + checkDigit(payload);
    }

    /** The check digit that {@code digits} (check digit included) should end with. */
    static int expectedCheckDigit(CharSequence digits) {
        return checkDigit(digits.subSequence(0, digits.length() - 1));
    }

    // Every second digit from the right is doubled; when the check digit is not there yet, the doubling starts
    // with the rightmost digit.
    private static int weightedSum(CharSequence digits, boolean doubleRightmost) {
        int sum = 0;
        boolean doubled = doubleRightmost;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                throw new IllegalArgumentException("not a digit: " + digits.charAt(i));
            }
            if (doubled) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            doubled = !doubled;
        }
        return sum;
    }
}
