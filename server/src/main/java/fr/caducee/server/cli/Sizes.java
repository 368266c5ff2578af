package fr.caducee.server.cli;

import java.time.Duration;
import java.util.Locale;

/** Sizes, durations and failures as an operator reads them. */
final class Sizes {
    private Sizes() {
    }

    static String of(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / (1024.0 * 1024 * 1024));
    }

    static String of(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** One line: the failure's message and its causes' (no stack trace for an operator). */
    static String reason(Throwable failure) {
        StringBuilder line = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (t instanceof java.nio.file.NoSuchFileException missing && missing.getReason() == null) {
                message = "no such file: " + message;
            }
            if (line.indexOf(message) < 0) {
                line.append(line.length() == 0 ? "" : ": ").append(message);
            }
        }
        return line.toString();
    }
}
