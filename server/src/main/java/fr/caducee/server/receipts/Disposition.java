package fr.caducee.server.receipts;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Disposition} field of an MDN, read tolerantly: RFC 8098's
 * {@code automatic-action/MDN-sent-automatically; processed}, RFC 3798's {@code processed/error} and {@code failed},
 * and ANS's error form {@code automatic-action/MDN-sent-automatically; processed/Error: 902^Identifiant de patient
 * inconnu}, whose {@code Error: ...} after the modifier is not RFC 8098's grammar (James's {@code MDNReportParser}
 * refuses it). Comments, folding, case and missing spaces are accepted; a field without a known disposition type is not.
 */
public record Disposition(String actionMode, String sendingMode, Type type, Optional<ReceiptError> error) {
    /** ANS's {@code /Error:} after the type, its detail running to the end of the field. */
    private static final Pattern ANS_ERROR = Pattern.compile("/\\s*error\\s*:", Pattern.CASE_INSENSITIVE);

    /** RFC 8098's disposition types, and RFC 3798's {@code denied} and {@code failed}. */
    public enum Type {
        DISPLAYED, DELETED, DISPATCHED, PROCESSED, DENIED, FAILED;

        static Optional<Type> named(String name) {
            try {
                return Optional.of(valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    public static Disposition parse(String field) throws UnreadableReportException {
        if (field == null || field.isBlank()) {
            throw new UnreadableReportException("the MDN has no Disposition field");
        }
        String unfolded = field.replaceAll("\\r?\\n[ \\t]+", " ").strip();
        // ANS's detail is free text (parentheses, commas, ':'): cut it off before reading the rest as RFC 8098's grammar.
        Matcher ansError = ANS_ERROR.matcher(unfolded);
        Optional<ReceiptError> detailed = Optional.empty();
        if (ansError.find()) {
            detailed = Optional.of(ReceiptError.fromDetail(unfolded.substring(ansError.end())));
            unfolded = unfolded.substring(0, ansError.start()) + "/error";
        }
        String text = withoutComments(unfolded).strip();
        int semicolon = text.indexOf(';');
        if (semicolon < 0) {
            throw new UnreadableReportException("Disposition '" + field.strip()
                + "' has no ';' between its modes and its type");
        }
        String[] modes = text.substring(0, semicolon).split("/", 2);
        String rest = text.substring(semicolon + 1).strip();
        int slash = rest.indexOf('/');
        String typeName = slash < 0 ? rest : rest.substring(0, slash);
        Type type = Type.named(typeName).orElseThrow(() -> new UnreadableReportException("Disposition '"
            + field.strip() + "' has no known type (displayed, deleted, dispatched, processed)"));
        boolean error = slash >= 0 && hasErrorModifier(rest.substring(slash + 1));
        Optional<ReceiptError> reported = detailed.isPresent() ? detailed
            : error || type == Type.FAILED ? Optional.of(new ReceiptError(Optional.empty(), Optional.empty()))
            : Optional.empty();
        return new Disposition(modes[0].strip(), modes.length > 1 ? modes[1].strip() : "", type, reported);
    }

    /** Whether the recipient's software reports an error (ANS: the document was not integrated). */
    public boolean failed() {
        return error.isPresent();
    }

    /** RFC 8098's modifiers after the type, comma-separated: {@code error} is the one that matters here. */
    private static boolean hasErrorModifier(String modifiers) {
        for (String modifier : modifiers.split(",")) {
            if (modifier.strip().equalsIgnoreCase("error")) {
                return true;
            }
        }
        return false;
    }

    /** RFC 5322 comments, {@code (like this)}, nested or not. */
    private static String withoutComments(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && depth > 0 && i + 1 < text.length()) {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
