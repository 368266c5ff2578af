package fr.caducee.webmail.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/**
 * The headers of a file sent to the browser: always an attachment (never shown in the webmail's origin, where a
 * hostile PDF or HTML file would run as the webmail), under a name that cannot break the header.
 */
public final class Downloads {

    private Downloads() {
    }

    /**
     * {@code attachment; filename="..."; filename*=UTF-8''...} (RFC 6266): the plain name keeps only letters
     * (accents dropped), digits, dots, dashes and underscores (anything else becomes {@code _}); the encoded one
     * keeps the whole name.
     */
    public static String contentDisposition(String fileName) {
        String name = fileName.replaceAll("[\\p{Cntrl}/\\\\]", "_").strip();
        if (name.isEmpty() || name.matches("\\.+")) {
            name = "piece-jointe";
        }
        String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
            .replaceAll("[^A-Za-z0-9._-]", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + plain + "\"; filename*=UTF-8''" + encoded;
    }

    /** The media type given, when it is one (type/subtype, no parameter); else application/octet-stream. */
    public static String mediaType(String mediaType) {
        String type = mediaType == null ? "" : mediaType.strip().toLowerCase(Locale.ROOT);
        return type.matches("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*") ? type
            : "application/octet-stream";
    }
}
