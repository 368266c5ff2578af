package fr.caducee.server.records.api;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A row of {@code record_access}, with the title of the document read when there is one, and whether that document
 * is one the patient, or their legal representatives, may not see (they see the access, not which document).
 */
public record AccessEntry(Instant at, String action, Optional<UUID> documentId, Optional<String> documentTitle,
                          String reader, Optional<String> readerBox, Optional<String> profession, String mode,
                          Optional<String> justification, boolean documentInvisibleToPatient,
                          boolean documentInvisibleToRepresentatives) {
}
