package fr.caducee.webmail.mail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import fr.caducee.rules.Rule;
import fr.caducee.webmail.port.Upload;
import fr.caducee.webmail.web.WebRefusal;

/**
 * The files a patient attaches: PDF, JPEG or PNG, told by their first bytes whatever their name or declared type say
 * (a program renamed {@code .pdf} is refused), all of a message's files together within the configured size. The
 * type sent on is the one the content shows, and the name ends with its extension, so that the professional's client
 * opens a PDF as a PDF.
 */
public final class Uploads {
    private static final int NAME_LENGTH = 120;

    private final long limit;

    /** @param limit bytes, all of a message's files together */
    public Uploads(long limit) {
        this.limit = limit;
    }

    /** A message's files, checked; a file input left empty (no name, no byte) is not a file. */
    public List<Upload> check(List<Upload> sent) throws WebRefusal {
        List<Upload> files = sent.stream().filter(upload -> !(upload.fileName().isBlank() && upload.content().length == 0))
            .toList();
        long total = files.stream().mapToLong(upload -> upload.content().length).sum();
        if (total > limit) {
            throw new WebRefusal(Rule.WEBMAIL_UPLOAD_TOO_LARGE, "Les pièces jointes font " + French.size(total)
                + " en tout, plus que les " + French.size(limit) + " permis pour un message : rien n'a été envoyé. "
                + "Retirez des pièces jointes ou réduisez-les (une photo en qualité moyenne suffit), puis envoyez à nouveau.");
        }
        List<Upload> checked = new ArrayList<>(files.size());
        for (Upload upload : files) {
            String name = cleanName(upload.fileName());
            Kind kind = Kind.of(upload.content());
            if (kind == null) {
                throw new WebRefusal(Rule.WEBMAIL_UPLOAD_TYPE, "Le fichier « " + name + " » "
                    + (upload.content().length == 0 ? "est vide" : "n'est ni un document PDF ni une image JPEG ou PNG")
                    + " : rien n'a été envoyé. Joignez un document PDF ou une photo (JPEG ou PNG), puis envoyez à nouveau.");
            }
            checked.add(new Upload(kind.named(name), kind.mediaType, upload.content()));
        }
        return checked;
    }

    /** The name without any folder, control character or quote, and not too long; never empty. */
    static String cleanName(String fileName) {
        String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1)
            .replaceAll("[\\p{Cntrl}\"]", "").strip();
        if (name.length() > NAME_LENGTH) {
            name = name.substring(name.length() - NAME_LENGTH);
        }
        return name.isEmpty() || name.equals(".") || name.equals("..") ? "piece-jointe" : name;
    }

    /** What a file's first bytes show it is. */
    enum Kind {
        PDF("application/pdf", new byte[] {'%', 'P', 'D', 'F', '-'}, ".pdf"),
        JPEG("image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, ".jpg", ".jpeg"),
        PNG("image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, ".png");

        final String mediaType;
        private final byte[] signature;
        private final List<String> extensions;

        Kind(String mediaType, byte[] signature, String... extensions) {
            this.mediaType = mediaType;
            this.signature = signature;
            this.extensions = List.of(extensions);
        }

        static Kind of(byte[] content) {
            for (Kind kind : values()) {
                if (content.length >= kind.signature.length
                        && Arrays.equals(content, 0, kind.signature.length, kind.signature, 0, kind.signature.length)) {
                    return kind;
                }
            }
            return null;
        }

        String named(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            return extensions.stream().anyMatch(lower::endsWith) ? name : name + extensions.get(0);
        }
    }
}
