package fr.caducee.domain.identifier;

/**
 * Thrown when a value is not a valid identifier or address.
 *
 * <p>The message always reads {@code <kind> <value>: <problem>}, e.g.
 * {@code INS 146026322000197: key 97 does not match the 13-digit number (expected 96)}, so that an operator reading a
 * log or a bounce knows which field was wrong and how. The parts are also available separately, so that a caller
 * wrapping the error (a patient address holding a bad INS) can restate the problem in its own terms.
 */
public final class InvalidIdentifierException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    // Values come from the network and from bulk files: cap what goes into logs.
    private static final int MAX_SHOWN = 80;

    private final String kind;
    private final String value;
    private final String problem;

    public InvalidIdentifierException(String kind, String value, String problem) {
        super(kind + " " + display(value) + ": " + problem);
        this.kind = kind;
        this.value = value;
        this.problem = problem;
    }

    /** What was being parsed, e.g. {@code INS}, {@code idNat}, {@code box address}. */
    public String kind() {
        return kind;
    }

    /** The rejected input as received (may be null). */
    public String value() {
        return value;
    }

    /** What is wrong with it, without the kind and value. */
    public String problem() {
        return problem;
    }

    /**
     * Shows the value as is when that is unambiguous, otherwise quoted with escapes: blanks and control characters
     * would be invisible, and CR/LF would let a hostile value forge log lines.
     */
    static String display(String value) {
        if (value == null) {
            return "<null>";
        }
        String shown = value.length() > MAX_SHOWN
                ? value.substring(0, MAX_SHOWN) + "...(" + value.length() + " characters)"
                : value;
        boolean plain = !shown.isEmpty() && shown.codePoints()
                .noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || c == '"' || c == '\\'
                        || Character.isSpaceChar(c));
        if (plain) {
            return shown;
        }
        StringBuilder quoted = new StringBuilder(shown.length() + 2).append('"');
        shown.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || (Character.isSpaceChar(c) && c != ' ')) {
                        quoted.append(String.format("\\u%04x", c));
                    } else {
                        quoted.appendCodePoint(c);
                    }
                }
            }
        });
        return quoted.append('"').toString();
    }
}
