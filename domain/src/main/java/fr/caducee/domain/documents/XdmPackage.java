package fr.caducee.domain.documents;

import java.util.List;

/**
 * An XDM archive as the record service reads it: every document entry of every subset with its file, and the
 * associations of the submission sets.
 *
 * @param documents in archive order
 * @param associations in archive order
 */
public record XdmPackage(List<XdmDocument> documents, List<XdmAssociation> associations) {
    public XdmPackage {
        documents = List.copyOf(documents);
        associations = List.copyOf(associations);
    }
}
