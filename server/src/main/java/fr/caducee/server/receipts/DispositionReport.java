package fr.caducee.server.receipts;

import java.util.Optional;

/**
 * A message disposition notification (RFC 8098, and ANS's form of it): for which recipient ({@code Final-Recipient},
 * {@code Original-Recipient}), about which message ({@code Original-Message-ID}), what became of it.
 */
public record DispositionReport(String finalRecipient, Optional<String> originalRecipient,
                                Optional<String> originalMessageId, Disposition disposition) implements Report {
}
