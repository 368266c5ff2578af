package fr.caducee.domain.documents;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A document entry of {@code METADATA.XML} with what the record service needs besides {@link DocumentEntry}: where
 * its file is, its unique id, its author and its availability.
 *
 * @param document the entry's id, type code, patient id and confidentiality codes
 * @param uniqueId its XDSDocumentEntry.uniqueId external identifier ({@value XdmMetadata#UNIQUE_ID_SCHEME}), when given
 * @param uri its {@code URI} slot: the document's file, relative to the subset folder, when given
 * @param mimeType its {@code mimeType} attribute ({@code text/xml} for a CDA), empty when absent
 * @param status its {@code status} attribute (availabilityStatus), e.g.
 *     {@code urn:oasis:names:tc:ebxml-regrep:StatusType:Approved}, empty when absent
 * @param authorPersons the {@code authorPerson} values of its author classifications (XCN, e.g.
 *     {@code 801234567897^NOM^Prénom^^^^^^&1.2.250.1.71.4.2.1&ISO^D^^^IDNPS})
 */
public record XdmEntry(DocumentEntry document, Optional<String> uniqueId, Optional<String> uri, String mimeType,
                       String status, List<String> authorPersons) {
    public static final String APPROVED = "urn:oasis:names:tc:ebxml-regrep:StatusType:Approved";
    public static final String DEPRECATED = "urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated";

    public XdmEntry {
        Objects.requireNonNull(document, "document");
        mimeType = Objects.requireNonNullElse(mimeType, "").trim();
        status = Objects.requireNonNullElse(status, "").trim();
        authorPersons = List.copyOf(authorPersons);
    }

    public String id() {
        return document.id();
    }

    /** Whether the sender marks this entry as withdrawn (availabilityStatus Deprecated). */
    public boolean deprecated() {
        return DEPRECATED.equals(status);
    }
}
