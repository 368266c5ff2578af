package fr.caducee.webmail.port;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A document of the patient's shared record, current version only.
 *
 * @param id        opaque; what the download path carries
 * @param title     the document's title
 * @param type      its type as a person reads it ("Compte rendu de biologie"), else its LOINC code
 * @param author    who wrote it
 * @param created   when the document was created (its effective time), else deposited
 * @param deposited when it reached the record
 * @param hasPdf    true when a PDF rendition can be downloaded (else the CDA itself)
 */
public record RecordEntry(String id, String title, String type, Correspondent author, Instant created,
                          Instant deposited, boolean hasPdf) {

    public RecordEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(deposited, "deposited");
    }

    /** An access to the record, as the patient's page lists it. */
    public record Access(Instant at, Correspondent reader, String mode, Optional<String> document,
                         Optional<String> justification) {
        public Access {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(reader, "reader");
            Objects.requireNonNull(mode, "mode");
            document = Objects.requireNonNullElse(document, Optional.empty());
            justification = Objects.requireNonNullElse(justification, Optional.empty());
        }
    }
}
