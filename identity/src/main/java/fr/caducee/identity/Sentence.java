package fr.caducee.identity;

import java.text.Normalizer;

import fr.caducee.rules.Rule;

/**
 * The sentences a login's refusal carries to the client: IMAP and SMTP replies are one line of ASCII, so accents are
 * dropped and anything else that is not printable ASCII becomes {@code ?}; each sentence ends with its rule's id in
 * parentheses, as the other SMTP and IMAP refusals do.
 */
public final class Sentence {
    private static final int SHOWN_LENGTH = 120;

    private Sentence() {
    }

    /** {@code text (rule-id)}, in printable ASCII. */
    public static String of(String text, Rule rule) {
        return ascii(text) + " (" + rule.id() + ")";
    }

    /**
     * A value that came from outside (a token's claim, a certificate's subject, a login typed by a user) as a
     * sentence may show it: printable ASCII, at most 120 characters.
     */
    public static String shown(String value) {
        if (value == null) {
            return "";
        }
        String ascii = ascii(value);
        return ascii.length() <= SHOWN_LENGTH ? ascii : ascii.substring(0, SHOWN_LENGTH - 3) + "...";
    }

    private static String ascii(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder ascii = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            ascii.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return ascii.toString();
    }
}
