package fr.caducee.server.receipts;

import java.util.Locale;
import java.util.Optional;

/** Message ids and addresses as receipts write them, made comparable with what was sent. */
public final class MessageIds {
    private MessageIds() {
    }

    /**
     * {@code <id>}: spaces and folding removed (ANS's example writes {@code <199509192301.23456 >}), angle brackets
     * added when missing; empty for nothing.
     */
    public static Optional<String> normalize(String messageId) {
        if (messageId == null) {
            return Optional.empty();
        }
        String text = messageId.replaceAll("\\s+", "");
        int open = text.indexOf('<');
        int close = text.indexOf('>', open + 1);
        if (open >= 0 && close > open) {
            text = text.substring(open + 1, close);
        }
        return text.isEmpty() ? Optional.empty() : Optional.of("<" + text + ">");
    }

    /**
     * The address of a {@code Final-Recipient} / {@code Original-Recipient} field ({@code rfc822; a@b}), in lower
     * case as the directory keeps boxes; empty when the field has none.
     */
    public static Optional<String> address(String field) {
        if (field == null) {
            return Optional.empty();
        }
        String text = field.strip();
        int semicolon = text.indexOf(';');
        if (semicolon >= 0) {
            text = text.substring(semicolon + 1).strip();
        }
        if (text.startsWith("<") && text.endsWith(">")) {
            text = text.substring(1, text.length() - 1).strip();
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(text.toLowerCase(Locale.ROOT));
    }
}
