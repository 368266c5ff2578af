package fr.caducee.server.receipts;

import java.time.Instant;
import java.util.Optional;

/**
 * One recipient's receipt for a sent message: a DSN (status relayed, delivered, failed, delayed, expanded) or an MDN
 * (displayed, processed, dispatched, deleted, denied, or error), with its code (a DSN status such as {@code 5.1.1},
 * or ANS's integration error 900-906) and label, and when it arrived.
 */
public record Receipt(String recipient, Kind kind, String status, Optional<String> code, Optional<String> label,
                      String receiptMessageId, Instant receivedAt) {

    public enum Kind {
        DSN, MDN;

        public String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The MDN status of an error; every other status is the report's own word in lower case. */
    public static final String ERROR = "error";
}
