package fr.caducee.server.logging;

import java.util.Locale;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * How the log is written ({@code caducee.log.format}): logback.xml chooses its appenders by this value, which
 * {@link LogFormatProperty} gives it before anything is logged; {@link #from} checks it with the other settings.
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

    /** The suffix of the appenders logback.xml writes with in this format ({@code CONSOLE-json}, {@code FILE-json}). */
    public String appenderSuffix() {
        return name().toLowerCase(Locale.ROOT);
    }
}
