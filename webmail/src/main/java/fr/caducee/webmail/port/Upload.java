package fr.caducee.webmail.port;

import java.util.Objects;

/** A file the patient attached, its type already checked from its content (PDF, JPEG or PNG). */
public record Upload(String fileName, String mediaType, byte[] content) {

    public Upload {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(content, "content");
    }
}
