package fr.caducee.server.storage.search;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * The base subject of a message (RFC 5256 2.1), by which SORT SUBJECT orders and THREAD groups: the subject decoded
 * (RFC 2047), without its {@code Re:}, {@code Fwd:}, {@code [list]} leaders and {@code (fwd)} trailers, in upper
 * case for the {@code i;ascii-casemap} comparison; and whether anything removed made it a reply or a forward.
 */
record BaseSubject(String text, boolean replyOrForward) {
    private static final Pattern TRAILER = Pattern.compile("(?i)(\\s*\\(fwd\\)|\\s)+$");
    private static final String BLOB = "\\[[^\\[\\]]*\\]\\s*";
    private static final Pattern LEADER = Pattern.compile("(?i)^\\s*(" + BLOB + ")*(re|fwd?)\\s*(" + BLOB + ")?:\\s*");
    private static final Pattern LEADING_BLOB = Pattern.compile("^\\s*" + BLOB);
    private static final Pattern FWD_WRAPPER = Pattern.compile("(?i)^\\[fwd:(.*)]$");

    static BaseSubject of(String subject) {
        if (subject == null) {
            return new BaseSubject("", false);
        }
        String text = DecoderUtil.decodeEncodedWords(subject, DecodeMonitor.SILENT)
            .replaceAll("\\r?\\n", "").replaceAll("[\\t ]+", " ");
        boolean reply = false;
        while (true) {
            // (2) trailers
            String trimmed = TRAILER.matcher(text).replaceFirst("");
            reply |= !trimmed.equals(text.trim());
            text = trimmed;
            // (3) to (5) leaders and blobs, as long as something is removed
            String before;
            do {
                before = text;
                Matcher leader = LEADER.matcher(text);
                if (leader.find()) {
                    text = text.substring(leader.end());
                    reply = true;
                }
                Matcher blob = LEADING_BLOB.matcher(text);
                if (blob.find() && blob.end() < text.length()) {
                    text = text.substring(blob.end());
                }
            } while (!text.equals(before));
            // (6) a [fwd: ...] wrapper
            Matcher wrapper = FWD_WRAPPER.matcher(text.trim());
            if (!wrapper.matches()) {
                break;
            }
            text = wrapper.group(1);
            reply = true;
        }
        return new BaseSubject(text.trim().toUpperCase(Locale.ROOT), reply);
    }
}
