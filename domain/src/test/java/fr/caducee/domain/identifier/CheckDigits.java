package fr.caducee.domain.identifier;

/**
 * Builds valid test numbers with a Luhn implementation written independently of the production one (table lookup,
 * left to right), so that a mistake in either shows up as a disagreement.
 */
final class CheckDigits {

    private static final int[] DOUBLED = {0, 2, 4, 6, 8, 1, 3, 5, 7, 9};

    private CheckDigits() {
    }

    /** {@code payload} followed by the digit that makes it pass the Luhn check. */
    static String withLuhnDigit(String payload) {
        for (int candidate = 0; candidate <= 9; candidate++) {
            String number = payload + candidate;
            if (luhnSum(number) % 10 == 0) {
                return number;
            }
        }
        throw new AssertionError("no Luhn digit for " + payload);
    }

    /** {@code number} with its last digit changed so that the Luhn check fails. */
    static String withWrongLastDigit(String number) {
        int last = number.charAt(number.length() - 1) - '0';
        return number.substring(0, number.length() - 1) + (last + 1) % 10;
    }

    private static int luhnSum(String number) {
        int sum = 0;
        int parity = number.length() % 2;
        for (int i = 0; i < number.length(); i++) {
            int digit = number.charAt(i) - '0';
            sum += i % 2 == parity ? DOUBLED[digit] : digit;
        }
        return sum;
    }
}
