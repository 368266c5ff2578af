package fr.caducee.server.gateway.receipts;

import java.util.Optional;
import java.util.Set;

import fr.caducee.gateway.GatewayMessageIds.Purpose;
import fr.caducee.gateway.report.ReceiptsBack;

/**
 * Which business receipt a receipt recorded on the APP box ({@code caducee_receipt}, docs/RECEIPTS.md) becomes, by
 * what the gateway's mail was for (CI-SIS volet "transmission de documents CDA en HL7v2", pages ack-metier-zam and
 * error-codes):
 * <ul>
 *   <li>the record's deposit: its MDN {@code processed} is ZAM^Z01 {@code Y}, its error (900-906) Z01 {@code N} with
 *       that code and label; a failed DSN Z01 {@code N} (906);</li>
 *   <li>a professional's or the patient's mail: a DSN {@code delivered} is ZAM^Z02 {@code Y}, {@code failed} Z02
 *       {@code N} with its status and diagnostic; an MDN {@code displayed}, {@code processed} or {@code dispatched}
 *       is ZAM^Z03 {@code Y}, an error, {@code denied}, {@code failed} or {@code deleted} Z03 {@code N}.</li>
 * </ul>
 * A success is sent back only when the message asked for it ({@code ACK_RECEPTION} for Z01 and Z02,
 * {@code ACK_LECTURE_MSS} for Z03); a failure always, so that no refusal is silent. {@code relayed}, {@code delayed}
 * and {@code expanded} DSNs say nothing final: the recipient's own operator's DSN will.
 */
record ReceiptZam(String kind, Optional<String> error) {
    private static final Set<String> READ = Set.of("displayed", "processed", "dispatched");
    private static final Set<String> NOT_READ = Set.of("denied", "failed", "deleted");

    /**
     * @param kind {@code dsn} or {@code mdn}
     * @param status the receipt's status, as {@code caducee_receipt} keeps it
     * @param code a DSN's status ({@code 5.1.1}) or an integration error ({@code 902})
     * @param label the diagnostic or the error's label
     */
    static Optional<ReceiptZam> of(Purpose purpose, String kind, String status, Optional<String> code,
                                   Optional<String> label, boolean wantsDelivery, boolean wantsReading) {
        boolean dsn = "dsn".equals(kind);
        if (purpose == Purpose.RECORD) {
            if (!dsn && "error".equals(status)) {
                return Optional.of(new ReceiptZam(ReceiptsBack.RECORD, Optional.of(code.orElse("906") + "^"
                    + label.orElse("Erreur d'intégration"))));
            }
            if (!dsn && READ.contains(status)) {
                return wantsDelivery ? Optional.of(new ReceiptZam(ReceiptsBack.RECORD, Optional.empty())) : Optional.empty();
            }
            if (dsn && "failed".equals(status)) {
                return Optional.of(new ReceiptZam(ReceiptsBack.RECORD, Optional.of("906^Non distribué au dossier : "
                    + diagnostic(code, label))));
            }
            return Optional.empty();
        }
        if (purpose != Purpose.PROFESSIONAL && purpose != Purpose.PATIENT) {
            return Optional.empty();
        }
        if (dsn) {
            return switch (status) {
                case "delivered" -> wantsDelivery ? Optional.of(new ReceiptZam(ReceiptsBack.DELIVERY, Optional.empty()))
                    : Optional.empty();
                case "failed" -> Optional.of(new ReceiptZam(ReceiptsBack.DELIVERY, Optional.of(diagnostic(code, label))));
                default -> Optional.empty();
            };
        }
        if (READ.contains(status)) {
            return wantsReading ? Optional.of(new ReceiptZam(ReceiptsBack.READING, Optional.empty())) : Optional.empty();
        }
        if ("error".equals(status)) {
            return Optional.of(new ReceiptZam(ReceiptsBack.READING, Optional.of(code.orElse("906") + "^"
                + label.orElse("Erreur d'intégration"))));
        }
        if (NOT_READ.contains(status)) {
            return Optional.of(new ReceiptZam(ReceiptsBack.READING, Optional.of(status + label.map(text -> ": " + text)
                .orElse(""))));
        }
        return Optional.empty();
    }

    private static String diagnostic(Optional<String> code, Optional<String> label) {
        return (code.orElse("5.0.0") + label.map(text -> " " + text).orElse("")).strip();
    }
}
