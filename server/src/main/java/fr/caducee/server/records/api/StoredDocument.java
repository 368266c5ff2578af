package fr.caducee.server.records.api;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import fr.caducee.records.DocumentStatus;
import fr.caducee.records.access.RecordDocument;

/** A row of {@code record_document} without its content, as a search returns it. */
public record StoredDocument(UUID id, String uniqueId, String setId, int version, String patientIns,
                             String insAuthority, String authorIdNat, String typeCode, String title,
                             Set<String> confidentialityCodes, Optional<Instant> effectiveTime, DocumentStatus status,
                             Optional<UUID> replaces, String mediaType, long size, byte[] sha256, Instant depositedAt,
                             String depositedBy) {

    public RecordDocument forRules() {
        return new RecordDocument(id, patientIns, typeCode, authorIdNat, depositedBy, confidentialityCodes, status);
    }
}
