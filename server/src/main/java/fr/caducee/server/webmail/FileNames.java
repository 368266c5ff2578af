package fr.caducee.server.webmail;

/**
 * Attachment names as the webmail shows them and sends them: the last segment of whatever path the sender wrote
 * ({@code C:\Users\x\ordonnance.pdf}, {@code ../../etc/passwd}), without control characters or the characters file
 * systems and headers reserve, at most {@value #MAX_LENGTH} characters with the extension kept.
 */
final class FileNames {
    static final int MAX_LENGTH = 120;
    static final String UNNAMED = "piece-jointe";

    private FileNames() {
    }

    static String clean(String name) {
        String base = name == null ? "" : name;
        base = base.substring(Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\')) + 1);
        String cleaned = base.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}:*?\"<>|;]+", " ").strip().replaceAll("\\s+", " ");
        while (cleaned.startsWith(".")) {
            cleaned = cleaned.substring(1).strip();
        }
        if (cleaned.isEmpty()) {
            return UNNAMED;
        }
        if (cleaned.length() > MAX_LENGTH) {
            int dot = cleaned.lastIndexOf('.');
            String extension = dot > 0 && cleaned.length() - dot <= 10 ? cleaned.substring(dot) : "";
            cleaned = cleaned.substring(0, MAX_LENGTH - extension.length()).strip() + extension;
        }
        return cleaned;
    }
}
