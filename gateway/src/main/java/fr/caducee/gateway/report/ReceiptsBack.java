package fr.caducee.gateway.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.gateway.port.ReturnQueue;

/**
 * The business receipts a hospital gets back about a document message, written ({@link BusinessReceipts}) and
 * queued ({@link ReturnQueue}) once per cause: Z01 for the record, Z02 per recipient's delivery, Z03 per recipient's
 * reading. The documents route queues the negative ones of mails the chain refused at once; the server's forwarder
 * those of the receipts (DSN, MDN, the record's) that come back later.
 */
public final class ReceiptsBack {
    public static final String RECORD = "Z01";
    public static final String DELIVERY = "Z02";
    public static final String READING = "Z03";

    private final BusinessReceipts receipts;
    private final ReturnQueue queue;

    public ReceiptsBack(BusinessReceipts receipts, ReturnQueue queue) {
        this.receipts = Objects.requireNonNull(receipts, "receipts");
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    /** @param error the record's integration error ({@code 902^label}); empty when the document was integrated */
    public void record(BoxAddress peer, String source, ZamOrigin origin, Instant at, Optional<String> error)
        throws DependencyUnavailableException {
        String controlId = controlId(source);
        queue.queue(peer, source, RECORD, controlId, receipts.recordReceipt(origin, controlId, at, error));
    }

    /** @param error why the mail was not delivered; empty when it was */
    public void delivery(BoxAddress peer, String source, ZamOrigin origin, Instant at, String recipient,
                         Optional<String> recipientId, Optional<String> error) throws DependencyUnavailableException {
        String controlId = controlId(source);
        queue.queue(peer, source, DELIVERY, controlId,
            receipts.deliveryReceipt(origin, controlId, at, recipient, recipientId, error));
    }

    /** @param error the MDN's error or a disposition other than read/processed; empty when read or processed */
    public void reading(BoxAddress peer, String source, ZamOrigin origin, Instant at, String reader,
                        Optional<String> readerId, Optional<String> error) throws DependencyUnavailableException {
        String controlId = controlId(source);
        queue.queue(peer, source, READING, controlId,
            receipts.readingReceipt(origin, controlId, at, reader, readerId, error));
    }

    /**
     * The ZAM's MSH-10, drawn from its cause: the same cause written again (after a crash) gives the same id. 20
     * characters at most, as MSH-10 allows in every version.
     */
    static String controlId(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return "ZAM" + HexFormat.of().formatHex(digest, 0, 8).toUpperCase(java.util.Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
