package fr.caducee.domain.identifier;

import java.util.Locale;

/**
 * A patient's national health identifier (INS, identifiant national de santé): the 15-character matricule made of
 * the 13-character NIR or NIA and its 2-digit key. It is the local part of a patient's address.
 *
 * <p>Checks: length; digits everywhere except the department field (characters 6-7), which may also be {@code 2A} or
 * {@code 2B} for Corsica; first character 1, 2, 3, 4, 7 or 8 (sex, with the higher values used for temporary and
 * NIA numbers); month (characters 4-5) anything but {@code 00}, because registers issue 20-42 and 50-99 when the
 * month of birth is unknown and we must not refuse a real patient over a calendar rule; and the key.
 *
 * <p>The Corsican letters are accepted in either case (addresses are lower-cased) and kept upper-case here.
 *
 * @param matricule the 15 characters, canonical (upper-case Corsican letters)
 */
public record Ins(String matricule) {

    /** OID of an INS built on a NIR (numéro d'inscription au répertoire). */
    public static final String NIR_OID = "1.2.250.1.213.1.4.8";
    /** OID of an INS built on a NIA (numéro d'identification d'attente). */
    public static final String NIA_OID = "1.2.250.1.213.1.4.9";
    /** OID of the test INS identities. */
    public static final String TEST_OID = "1.2.250.1.213.1.4.10";
    /** OID of the demonstration INS identities. */
    public static final String DEMO_OID = "1.2.250.1.213.1.4.11";

    private static final String KIND = "INS";
    private static final int NUMBER_LENGTH = 13;
    private static final int LENGTH = NUMBER_LENGTH + 2;
    private static final String FIRST_DIGITS = "123478";

    public Ins {
        Digits.requireValid(KIND, matricule, Ins::problem);
    }

    /** Parses a matricule; surrounding blanks are ignored and {@code 2a}/{@code 2b} accepted. */
    public static Ins parse(String value) {
        return new Ins(Digits.parse(KIND, value, raw -> raw.toUpperCase(Locale.ROOT), Ins::problem));
    }

    /** True when {@link #parse} would accept the value. */
    public static boolean isValid(String value) {
        return value != null && problem(Digits.trim(value).toUpperCase(Locale.ROOT)) == null;
    }

    /**
     * True when the value is 15 characters whose last two are the right key for the first 13. Only the key is
     * checked, not the other field rules: useful to tell a mistyped INS from one that is merely unusual.
     */
    public static boolean keyValid(String value) {
        if (value == null) {
            return false;
        }
        String s = Digits.trim(value).toUpperCase(Locale.ROOT);
        return s.length() == LENGTH && numberProblem(s) == null
                && Digits.firstNonDigit(s, NUMBER_LENGTH, LENGTH) == null
                && Integer.parseInt(s.substring(NUMBER_LENGTH)) == computeKey(s.substring(0, NUMBER_LENGTH));
    }

    /**
     * The key of a 13-character NIR or NIA: 97 minus the number modulo 97, after replacing the Corsican department
     * {@code 2A} by {@code 19} and {@code 2B} by {@code 18}.
     *
     * @throws IllegalArgumentException if {@code number} is not 13 digits (Corsican department allowed)
     */
    public static int computeKey(String number) {
        if (number == null || number.length() != NUMBER_LENGTH) {
            throw new IllegalArgumentException("an INS number has 13 characters: " + number);
        }
        String upper = number.toUpperCase(Locale.ROOT);
        String problem = numberProblem(upper);
        if (problem != null) {
            throw new IllegalArgumentException("INS number " + number + ": " + problem);
        }
        String department = switch (upper.substring(5, 7)) {
            case "2A" -> "19";
            case "2B" -> "18";
            default -> upper.substring(5, 7);
        };
        long n = Long.parseLong(upper.substring(0, 5) + department + upper.substring(7));
        return (int) (97 - n % 97);
    }

    /** The 13-character NIR or NIA, without the key. */
    public String number() {
        return matricule.substring(0, NUMBER_LENGTH);
    }

    /** The 2-digit key, 1 to 97. */
    public int key() {
        return Integer.parseInt(matricule.substring(NUMBER_LENGTH));
    }

    @Override
    public String toString() {
        return matricule;
    }

    private static String problem(String s) {
        if (s.isEmpty()) {
            return "is empty";
        }
        if (s.length() != LENGTH) {
            return "must have 15 characters (13-digit number and 2-digit key), found " + s.length();
        }
        String problem = numberProblem(s);
        if (problem == null) {
            problem = Digits.firstNonDigit(s, NUMBER_LENGTH, LENGTH);
        }
        if (problem != null) {
            return problem;
        }
        if (FIRST_DIGITS.indexOf(s.charAt(0)) < 0) {
            return "first digit must be 1, 2, 3, 4, 7 or 8, found " + s.charAt(0);
        }
        if (s.startsWith("00", 3)) {
            return "month 00 (characters 4-5) is not allowed";
        }
        int key = Integer.parseInt(s.substring(NUMBER_LENGTH));
        int expected = computeKey(s.substring(0, NUMBER_LENGTH));
        if (key != expected) {
            return "key " + s.substring(NUMBER_LENGTH) + " does not match the 13-digit number (expected "
                    + String.format("%02d", expected) + ")";
        }
        return null;
    }

    // Character checks on the first 13 characters of s (s holds at least 13), Corsican department allowed.
    private static String numberProblem(String s) {
        String problem = Digits.firstNonDigit(s, 0, 5);
        if (problem != null) {
            return problem;
        }
        String department = s.substring(5, 7);
        boolean corsican = department.equals("2A") || department.equals("2B");
        if (!corsican) {
            problem = Digits.firstNonDigit(s, 5, 7);
            if (problem != null) {
                boolean printable = Character.isLetterOrDigit(department.charAt(0))
                        && Character.isLetterOrDigit(department.charAt(1));
                return printable ? "department " + department + " (characters 6-7) must be two digits, 2A or 2B"
                        : problem;
            }
        }
        return Digits.firstNonDigit(s, 7, NUMBER_LENGTH);
    }
}
