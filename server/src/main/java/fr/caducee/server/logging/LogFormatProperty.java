package fr.caducee.server.logging;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

import ch.qos.logback.core.PropertyDefinerBase;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * Gives logback.xml the log format ({@code <define name="logFormat" class="...LogFormatProperty"/>}) when logback
 * starts, that is before {@link Settings} are read: from the command line ({@code -Dcaducee.log.format}), else from
 * {@code caducee.properties} in {@code caducee.config}, as {@link Settings} finds it. A value that is neither
 * {@code text} nor {@code json} gives {@code text} here, and {@link LogFormat#from} then stops the start naming it.
 */
public final class LogFormatProperty extends PropertyDefinerBase {

    @Override
    public String getPropertyValue() {
        return of(System.getProperties()).appenderSuffix();
    }

    static LogFormat of(Properties commandLine) {
        String given = commandLine.getProperty(Setting.LOG_FORMAT.key());
        if (given == null) {
            Path configDir = Path.of(commandLine.getProperty(Setting.CONFIG.key(),
                Setting.CONFIG.defaultValue().orElseThrow()));
            given = fromFile(configDir.resolve(Settings.FILE_NAME));
        }
        return given != null && given.strip().toLowerCase(Locale.ROOT).equals("json") ? LogFormat.JSON : LogFormat.TEXT;
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
