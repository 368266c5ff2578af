package fr.caducee.gateway.message;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import fr.caducee.rules.Rule;

/**
 * The MSH segment read by hand, as far as needed before the message can be decoded: its delimiters (MSH-1, MSH-2)
 * and its fields, which tell the character set (MSH-18), the version (MSH-12) and whom to answer. Every character
 * set the gateway reads is a superset of ASCII, so the MSH's bytes are read as ISO-8859-1 (one character per byte)
 * until MSH-18 is known. Fields are kept as written, with the message's delimiters replaced by the standard ones
 * ({@code ^ ~ \ &}) so that an acknowledgement written with those carries them unchanged.
 */
final class MshSegment {
    static final String STANDARD_DELIMITERS = "^~\\&";

    private final char fieldSeparator;
    private final String encodingCharacters;
    private final List<String> fields;

    private MshSegment(char fieldSeparator, String encodingCharacters, List<String> fields) {
        this.fieldSeparator = fieldSeparator;
        this.encodingCharacters = encodingCharacters;
        this.fields = fields;
    }

    /** The MSH at the start of a frame's bytes. */
    static MshSegment read(byte[] payload) throws Hl7Refusal {
        int end = 0;
        while (end < payload.length && payload[end] != '\r' && payload[end] != '\n') {
            end++;
        }
        return read(new String(payload, 0, end, StandardCharsets.ISO_8859_1));
    }

    /** The MSH at the start of a message's text (its first segment, up to CR or LF). */
    static MshSegment read(String text) throws Hl7Refusal {
        int end = 0;
        while (end < text.length() && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
            end++;
        }
        String segment = text.substring(0, end);
        if (!segment.startsWith("MSH") || segment.length() < 8) {
            throw new Hl7Refusal(Rule.HL7_UNPARSEABLE, "the message does not begin with an MSH segment "
                + "(it begins with " + Hl7Text.shown(segment.substring(0, Math.min(segment.length(), 8)))
                + "): every HL7 v2 message starts with MSH|^~\\&|", Optional.empty(), "MSH^1");
        }
        char separator = segment.charAt(3);
        int encodingEnd = segment.indexOf(separator, 4);
        String encoding = encodingEnd < 0 ? segment.substring(4) : segment.substring(4, encodingEnd);
        String problem = delimiterProblem(separator, encoding);
        if (problem != null) {
            throw new Hl7Refusal(Rule.HL7_UNPARSEABLE, "MSH-1 and MSH-2 do not give the message's delimiters ("
                + problem + "): write MSH|^~\\&|", Optional.empty(), "MSH^1^2");
        }
        List<String> fields = new ArrayList<>();
        fields.add("MSH");
        fields.add(String.valueOf(separator));
        fields.add(encoding);
        if (encodingEnd >= 0) {
            String rest = segment.substring(encodingEnd + 1);
            for (String field : rest.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1)) {
                fields.add(standardised(field, encoding));
            }
        }
        return new MshSegment(separator, encoding.substring(0, 4), fields);
    }

    /** MSH-{@code n} as written (standard delimiters), empty when absent. */
    String field(int n) {
        return n < fields.size() ? fields.get(n) : "";
    }

    /** Component {@code c} (from 1) of the first repetition of MSH-{@code n}, trimmed. */
    String component(int n, int c) {
        String first = field(n).split("~", -1)[0];
        String[] components = first.split("\\^", -1);
        return c <= components.length ? components[c - 1].strip() : "";
    }

    char fieldSeparator() {
        return fieldSeparator;
    }

    String encodingCharacters() {
        return encodingCharacters;
    }

    Header header(Charset charset) {
        return new Header(field(3), field(4), field(5), field(6), field(9), field(10).strip(), component(11, 1),
            component(12, 1), charset);
    }

    private static String delimiterProblem(char separator, String encoding) {
        if (encoding.length() < 4) {
            return "MSH-2 has " + encoding.length() + " characters, not the four component, repetition, escape and "
                + "subcomponent delimiters";
        }
        String all = separator + encoding.substring(0, 4);
        for (int i = 0; i < all.length(); i++) {
            char c = all.charAt(i);
            if (Character.isLetterOrDigit(c) || Character.isWhitespace(c) || c < 0x20 || c > 0x7E) {
                return "a delimiter may not be a letter, a digit, a blank or a control character";
            }
            if (all.indexOf(c) != i) {
                return "the delimiters must be five different characters";
            }
        }
        return null;
    }

    /** The field with the message's component, repetition, escape and subcomponent delimiters made standard. */
    private static String standardised(String field, String encoding) {
        if (encoding.startsWith(STANDARD_DELIMITERS)) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            int at = encoding.indexOf(c);
            out.append(at >= 0 && at < 4 ? STANDARD_DELIMITERS.charAt(at) : c);
        }
        return out.toString();
    }
}
