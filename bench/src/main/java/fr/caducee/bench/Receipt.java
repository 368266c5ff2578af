package fr.caducee.bench;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a receipt arriving in a sender's box says, read from its raw text: which message it answers and whether it
 * reports success. Both MDN forms are read (RFC 8098's, and ANS's {@code processed/Error: 902^label}), and DSNs (RFC
 * 3464). The original is found by {@code Original-Message-ID} (MDN), then {@code Original-Envelope-Id} (DSN), then any
 * benchmark Message-ID the receipt quotes.
 *
 * @param originalMessageId the Message-ID of the message it answers, with its angle brackets
 * @param kind "mdn", "dsn" or "other"
 * @param success a processed MDN without error, or a delivered/relayed DSN
 * @param detail the Disposition or Action field, as written
 * @param rule the rule the human-readable part names ("Règle : record-..."), or empty
 */
record Receipt(String originalMessageId, String kind, boolean success, String detail, String rule) {
    /** Caducée's receipts name the refusing rule in their text, quoted-printable: "- R=C3=A8gle : record-not-xml". */
    private static final Pattern RULE = Pattern.compile("(?m)^- R(?:=C3=A8|\u00e8)gle : ([a-z0-9-]+)");
    private static final Pattern ORIGINAL_MESSAGE_ID = Pattern.compile("(?im)^Original-Message-ID:\\s*(<[^>\\r\\n]+>)");
    private static final Pattern ENVELOPE_ID = Pattern.compile("(?im)^Original-Envelope-Id:\\s*(\\S+)");
    private static final Pattern BENCH_ID = Pattern.compile("<bench-[a-z]+-[A-Za-z0-9]+-\\d+@bench\\.localhost>");
    private static final Pattern DISPOSITION = Pattern.compile("(?im)^Disposition:\\s*([^\\r\\n]+)");
    private static final Pattern ACTION = Pattern.compile("(?im)^Action:\\s*([A-Za-z]+)");
    private static final Pattern REPORT_TYPE = Pattern.compile("(?i)report-type=\"?([a-z-]+)");

    /** The receipt in {@code raw} (a whole message, ISO-8859-1 decoded), or empty when it names none of ours. */
    static Optional<Receipt> read(String raw) {
        String original = first(ORIGINAL_MESSAGE_ID, raw);
        if (original == null) {
            String envelope = first(ENVELOPE_ID, raw);
            if (envelope != null && envelope.startsWith("bench-")) {
                original = "<" + envelope + "@bench.localhost>";
            }
        }
        if (original == null) {
            Matcher quoted = BENCH_ID.matcher(raw);
            original = quoted.find() ? quoted.group() : null;
        }
        if (original == null) {
            return Optional.empty();
        }
        String type = first(REPORT_TYPE, raw);
        // The fields are read in the report's machine-readable part: ANS's human-readable text repeats the
        // Disposition, quoted-printable and folded.
        String disposition = first(DISPOSITION, part(raw, "message/disposition-notification"));
        String action = first(ACTION, part(raw, "message/delivery-status"));
        if ("disposition-notification".equalsIgnoreCase(type) || (type == null && disposition != null)) {
            String value = disposition == null ? "" : disposition.strip();
            String lower = value.toLowerCase(Locale.ROOT);
            return Optional.of(new Receipt(original, "mdn", lower.contains("processed") && !lower.contains("error"), value,
                rule(raw)));
        }
        if ("delivery-status".equalsIgnoreCase(type) || action != null) {
            String value = action == null ? "" : action.toLowerCase(Locale.ROOT);
            return Optional.of(new Receipt(original, "dsn", value.equals("delivered") || value.equals("relayed"), value,
                rule(raw)));
        }
        return Optional.of(new Receipt(original, "other", false, "no report", ""));
    }

    /** The text from the header of the part of type {@code type} on, or the whole text when there is none. */
    private static String part(String raw, String type) {
        Matcher header = Pattern.compile("(?im)^Content-Type:\\s*" + Pattern.quote(type)).matcher(raw);
        return header.find() ? raw.substring(header.end()) : raw;
    }

    private static String rule(String raw) {
        String rule = first(RULE, raw);
        return rule == null ? "" : rule;
    }

    private static String first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }
}
