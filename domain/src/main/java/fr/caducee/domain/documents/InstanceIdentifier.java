package fr.caducee.domain.documents;

import java.util.Objects;

/**
 * An HL7 v3 instance identifier (data type II), as CDA writes every id: an OID {@code root}, and an {@code extension}
 * that identifies the instance within it when the root alone does not.
 *
 * @param root the OID (or UUID) of the scheme; empty only for a patient id written without one, which the checks
 *     name as such
 * @param extension the identifier within the scheme, empty when the root identifies the instance alone
 */
public record InstanceIdentifier(String root, String extension) {
    public InstanceIdentifier {
        root = Objects.requireNonNull(root, "root").trim();
        extension = extension == null ? "" : extension.trim();
        if (root.isEmpty() && extension.isEmpty()) {
            throw new IllegalArgumentException("an instance identifier has a root or an extension");
        }
    }

    /** XDS's form of a CDA id, as the uniqueId of its document entry: {@code root}, or {@code root^extension}. */
    public String value() {
        return extension.isEmpty() ? root : root + "^" + extension;
    }

    @Override
    public String toString() {
        return value();
    }
}
