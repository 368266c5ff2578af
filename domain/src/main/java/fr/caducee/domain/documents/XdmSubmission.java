package fr.caducee.domain.documents;

import java.util.List;

/**
 * What one {@code METADATA.XML} submits: its document entries and the associations between them.
 *
 * @param entries the document entries, in document order
 * @param associations every association, in document order
 */
public record XdmSubmission(List<XdmEntry> entries, List<XdmAssociation> associations) {
    public XdmSubmission {
        entries = List.copyOf(entries);
        associations = List.copyOf(associations);
    }
}
