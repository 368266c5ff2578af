package fr.caducee.domain.documents;

/** Values read from an archive, made fit to quote in an SMTP reply: printable ASCII, one line, bounded. */
public final class Shown {
    private static final int MAX = 80;

    private Shown() {
    }

    public static String value(String raw) {
        if (raw == null) {
            return "(none)";
        }
        String capped = raw.length() > MAX ? raw.substring(0, MAX) + "..." : raw;
        StringBuilder shown = new StringBuilder(capped.length());
        capped.codePoints().forEach(c -> shown.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return shown.toString();
    }
}
