package fr.caducee.server.storage.search;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one folding applied to what is indexed and to what is searched, so that a search matches whatever the case
 * and the accents: "Résultats", "resultats" and "RESULTATS" all fold to "resultats". Ligatures common in French
 * ("œ", "æ") become their two letters; line breaks become spaces (a header line stays one line).
 */
public final class TextFolding {
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n]+");

    private TextFolding() {
    }

    public static String fold(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        String bare = COMBINING_MARKS.matcher(decomposed).replaceAll("");
        String lower = bare.toLowerCase(Locale.ROOT)
            .replace("œ", "oe")
            .replace("æ", "ae")
            .replace("ß", "ss")
            .replace('\u0000', ' ');
        return LINE_BREAKS.matcher(lower).replaceAll(" ");
    }
}
