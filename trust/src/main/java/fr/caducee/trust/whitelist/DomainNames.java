package fr.caducee.trust.whitelist;

import java.net.IDN;
import java.util.Locale;

/**
 * Converts domain names to the single form used for comparison: ASCII (punycode), lower-case, no trailing dot.
 * Mail arrives with either form of an internationalised domain (U-label in SMTPUTF8 envelopes, A-label
 * elsewhere), so both the list and every lookup must go through the same conversion.
 */
final class DomainNames {

    static final int MAX_LENGTH = 253;
    static final int MAX_LABEL_LENGTH = 63;

    private DomainNames() {
    }

    /**
     * Returns the canonical ASCII form of {@code name}.
     *
     * @throws IllegalArgumentException with a sentence saying what is wrong, if it is not a valid host name
     */
    static String toAscii(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty domain name");
        }
        String withoutDot = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        String ascii;
        try {
            // No USE_STD3_ASCII_RULES: the checks below give a more precise message than IDN's.
            ascii = IDN.toASCII(withoutDot).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not convertible to ASCII (" + e.getMessage() + ")", e);
        }
        if (ascii.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "longer than " + MAX_LENGTH + " characters in ASCII form (" + ascii.length() + ")");
        }
        int labels = 0;
        int start = 0;
        while (start <= ascii.length()) {
            int dot = ascii.indexOf('.', start);
            int end = dot < 0 ? ascii.length() : dot;
            checkLabel(ascii, start, end);
            labels++;
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        if (labels < 2) {
            // A bare host name cannot be a mail domain of another operator.
            throw new IllegalArgumentException("has a single label, at least two are required");
        }
        return ascii;
    }

    private static void checkLabel(String ascii, int start, int end) {
        int length = end - start;
        if (length == 0) {
            throw new IllegalArgumentException("has an empty label");
        }
        String label = ascii.substring(start, end);
        if (length > MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException("label '" + label + "' is longer than " + MAX_LABEL_LENGTH
                    + " characters");
        }
        for (int i = start; i < end; i++) {
            char c = ascii.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (!allowed) {
                throw new IllegalArgumentException("label '" + label + "' contains '" + c
                        + "', only letters, digits and hyphens are allowed");
            }
        }
        if (ascii.charAt(start) == '-' || ascii.charAt(end - 1) == '-') {
            throw new IllegalArgumentException("label '" + label + "' starts or ends with a hyphen");
        }
    }
}
