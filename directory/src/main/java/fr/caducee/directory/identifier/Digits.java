package fr.caducee.directory.identifier;

/** Small format checks shared by the identifier types, each phrased for an error message. */
final class Digits {

    private Digits() {
    }

    static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Null when every character from {@code from} (inclusive) to {@code to} (exclusive) is an ASCII digit, otherwise
     * the problem, naming the first offending character and its 1-based position.
     */
    static String firstNonDigit(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isAsciiDigit(c)) {
                return "character " + quote(c) + " at position " + (i + 1) + " is not a digit";
            }
        }
        return null;
    }

    static String quote(char c) {
        if (Character.isISOControl(c) || Character.isSpaceChar(c)) {
            return String.format("U+%04X", (int) c);
        }
        return "'" + c + "'";
    }

    /** Surrounding blanks are common in pasted values and CSV cells; anything inside is still refused. */
    static String trim(String s) {
        return s.strip();
    }
}
