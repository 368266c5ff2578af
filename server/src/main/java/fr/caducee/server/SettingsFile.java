package fr.caducee.server;

import java.util.Locale;

import org.apache.commons.configuration2.Configuration;

import fr.caducee.server.settings.InvalidSetting;

/**
 * One of our {@code .properties} files, read once at start: values are trimmed and parsed here, and every problem
 * names the file and the setting, so that a mistake stops the server with a sentence rather than a stack trace.
 */
public final class SettingsFile {
    private final String name;
    private final Configuration properties;

    /** @param name the file's name as the operator knows it, e.g. {@code directory.properties} */
    public SettingsFile(String name, Configuration properties) {
        this.name = name;
        this.properties = properties;
    }

    public String text(String key, String defaultValue) {
        return properties.getString(key, defaultValue).strip();
    }

    public int integer(String key, int defaultValue) {
        String value = text(key, String.valueOf(defaultValue));
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid(key, "must be a whole number, was '" + value + "'");
        }
    }

    public long number(String key, long defaultValue) {
        String value = text(key, String.valueOf(defaultValue));
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(key, "must be a whole number, was '" + value + "'");
        }
    }

    /** One of an enum's constants, named in any case; {@code choices} says them to the operator ("a or b"). */
    public <E extends Enum<E>> E choice(String key, String defaultValue, Class<E> type, String choices) {
        String value = properties.getString(key, defaultValue);
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(key, "must be " + choices + ", was '" + value + "'");
        }
    }

    public InvalidSetting invalid(String key, String problem) {
        return new InvalidSetting(name, key, problem);
    }
}
