package fr.caducee.domain.identifier;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

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

    /** Throws, naming the identifier kind and the first problem found, unless {@code canonical} is valid. */
    static void requireValid(String kind, String canonical, Function<String, String> problemOf) {
        Objects.requireNonNull(canonical, kind);
        String problem = problemOf.apply(canonical);
        if (problem != null) {
            throw new InvalidIdentifierException(kind, canonical, problem);
        }
    }

    /**
     * The canonical form of a raw value (blanks trimmed, then {@code canonicalise}d), or an exception that quotes
     * the value as it was given and names the first problem found.
     */
    static String parse(String kind, String value, UnaryOperator<String> canonicalise, Function<String, String> problemOf) {
        if (value == null) {
            throw new InvalidIdentifierException(kind, null, "is missing");
        }
        String canonical = canonicalise.apply(trim(value));
        String problem = problemOf.apply(canonical);
        if (problem != null) {
            throw new InvalidIdentifierException(kind, value, problem);
        }
        return canonical;
    }
}
