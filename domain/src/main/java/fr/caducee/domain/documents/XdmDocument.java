package fr.caducee.domain.documents;

import java.util.Objects;
import java.util.Optional;

/**
 * A document entry of an archive with the file its {@code URI} names.
 *
 * @param entry the entry as the metadata declares it
 * @param path the file's path in the archive, empty when the entry names no file
 * @param content the file's bytes, empty when the entry names no file
 */
public record XdmDocument(XdmEntry entry, Optional<String> path, byte[] content) {
    public XdmDocument {
        Objects.requireNonNull(entry, "entry");
        path = Objects.requireNonNullElse(path, Optional.empty());
        content = Objects.requireNonNullElse(content, new byte[0]);
    }
}
