package fr.caducee.gateway.report;

import java.time.Instant;
import java.util.Optional;

/**
 * Writes the business receipts of the volet (page "ack-metier-zam", examples in {@code ansforge/hl7V2-exemples}
 * {@code Volets/TRANS_DOC_CDA_HL7V2/V2.1/ORU/Transmission initiale ORU/Message metier *}), version 2.6, UTF-8:
 * <ul>
 *   <li>{@code ZAM^Z01^ZAM_Z01}: OBX {@code ACK_RECEPTION_DMP^Accusé de réception DMP^AckMetierZAM}, Y or N, with
 *       ERR when refused (the record's 900-906 error code and label);</li>
 *   <li>{@code ZAM^Z02}: OBX {@code ACK_RECEPTION_MSS}, Y or N, and OBX {@code DESTINATAIRE_MSS} (XTN
 *       {@code ^^X.400^<address>}, OBX-4 the recipient's id) per DSN;</li>
 *   <li>{@code ZAM^Z03}: OBX {@code ACK_LECTURE_MSS}, Y or N, and OBX {@code LECTEUR_MSS} per MDN.</li>
 * </ul>
 */
public final class BusinessReceipts {

    /** @param error the record's integration error ({@code 902^Identifiant de patient inconnu}), empty when integrated */
    public byte[] recordReceipt(ZamOrigin origin, String controlId, Instant at, Optional<String> error) {
        throw new UnsupportedOperationException("to be written");
    }

    /** @param error the DSN's status and diagnostic when not delivered, empty when delivered */
    public byte[] deliveryReceipt(ZamOrigin origin, String controlId, Instant at, String recipient,
                                  Optional<String> recipientId, Optional<String> error) {
        throw new UnsupportedOperationException("to be written");
    }

    /** @param error the MDN's error ({@code 902^label}, a denied/failed disposition), empty when read or processed */
    public byte[] readingReceipt(ZamOrigin origin, String controlId, Instant at, String reader,
                                 Optional<String> readerId, Optional<String> error) {
        throw new UnsupportedOperationException("to be written");
    }
}
