package fr.caducee.gateway.message;

import java.text.Normalizer;

/** Text written into an HL7 field: escaped (HL7 v2.5 section 2.7), on one line. */
public final class Hl7Text {
    private static final int SHOWN_MAX = 60;

    private Hl7Text() {
    }

    /** The text with the standard delimiters escaped ({@code \E\ \F\ \S\ \T\ \R\}) and line breaks made blanks. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\E\\");
                case '|' -> out.append("\\F\\");
                case '^' -> out.append("\\S\\");
                case '&' -> out.append("\\T\\");
                case '~' -> out.append("\\R\\");
                case '\r', '\n' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The text in ASCII: accents dropped ({@code é} → {@code e}), anything else not ASCII made {@code ?}. */
    static String ascii(String text) {
        String stripped = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        StringBuilder out = new StringBuilder(stripped.length());
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            out.append(c < 0x80 ? c : '?');
        }
        return out.toString();
    }

    /** A value quoted in a sentence: control characters shown as {@code \xNN}, cut after a few dozen characters. */
    static String shown(String value) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < value.length() && i < SHOWN_MAX; i++) {
            char c = value.charAt(i);
            out.append(c < 0x20 || c == 0x7F ? String.format("\\x%02X", (int) c) : String.valueOf(c));
        }
        return out.append(value.length() > SHOWN_MAX ? "...'" : "'").toString();
    }
}
