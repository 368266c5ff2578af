package fr.caducee.server.logging;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * How the log is written ({@code caducee.log.format}): {@link FormatEncoder}, logback.xml's encoder, writes in the
 * format {@link #beforeSettings} finds when logback starts; {@link #from} checks the value with the other settings.
 */
public enum LogFormat {
    /** One readable line per event: the default. */
    TEXT,
    /** One JSON object per line (logback's JsonEncoder), for a log collector. */
    JSON;

    static final String CHOICES = "text (one readable line per event, the default) or json (one JSON object per line)";

    /** The format of these settings; any other value stops the start with the choices. */
    public static LogFormat from(Settings settings) {
        return settings.choice(Setting.LOG_FORMAT, LogFormat.class, CHOICES);
    }

    /**
     * The format when logback starts, before {@link Settings} are read (whatever is logged meanwhile is in the
     * format): the command line's ({@code -Dcaducee.log.format}), else that of {@code caducee.properties} in
     * {@code caducee.config}, found as {@link Settings} finds it. A value that is neither {@code text} nor {@code json}
     * gives {@code text} here, and {@link #from} then stops the start naming it.
     */
    public static LogFormat beforeSettings(Properties commandLine) {
        String given = commandLine.getProperty(Setting.LOG_FORMAT.key());
        if (given == null) {
            Path configDir = Path.of(commandLine.getProperty(Setting.CONFIG.key(),
                Setting.CONFIG.defaultValue().orElseThrow()));
            given = fromFile(configDir.resolve(Settings.FILE_NAME));
        }
        return given != null && given.strip().toLowerCase(Locale.ROOT).equals("json") ? JSON : TEXT;
    }

    private static String fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            settings.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            // Settings reports an unreadable file when it reads it, a moment later.
            return null;
        }
        return settings.getProperty(Setting.LOG_FORMAT.key());
    }
}
