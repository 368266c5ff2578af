package fr.caducee.domain.importing;

import fr.caducee.domain.identifier.InvalidIdentifierException;

/** How file values are shown in rejection reasons. */
final class Values {

    // Values come from bulk files: cap what goes into reports and logs.
    private static final int MAX_SHOWN = 80;

    private Values() {
    }

    /** The value in single quotes, cut when long, with control characters escaped so a value cannot forge lines. */
    static String quote(String value) {
        String shown = value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "..." : value;
        StringBuilder out = new StringBuilder(shown.length() + 2).append('\'');
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || (Character.isSpaceChar(c) && c != ' ')) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('\'').toString();
    }

    /**
     * {@code <field> '<value>' <what is wrong>}. The identifier's own kind and value are added when they differ from
     * the field's (a FINESS inside a national structure id), so the reader sees which part is wrong.
     */
    static String invalid(String field, String raw, InvalidIdentifierException e) {
        String problem = e.problem();
        if (e.value() != null && !e.value().strip().equals(raw.strip())) {
            return field + " " + quote(raw) + " is invalid: " + e.kind() + " " + quote(e.value()) + " " + problem;
        }
        return field + " " + quote(raw) + (problem.startsWith("is ") ? " " : " is invalid: ") + problem;
    }
}
