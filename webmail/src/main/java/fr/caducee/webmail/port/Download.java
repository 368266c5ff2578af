package fr.caducee.webmail.port;

import java.util.Objects;

/** Bytes to download: the webmail sets a safe Content-Disposition from the name and checks nothing else. */
public record Download(String fileName, String mediaType, byte[] content) {

    public Download {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(content, "content");
    }
}
