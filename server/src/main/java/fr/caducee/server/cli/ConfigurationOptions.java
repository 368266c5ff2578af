package fr.caducee.server.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import picocli.CommandLine.Option;

import fr.caducee.server.settings.Setting;

/**
 * The options of the commands that read the configuration without a running server ({@code check}, {@code show}):
 * which configuration folder and data folder, defaulting as the server's start does.
 */
final class ConfigurationOptions {
    @Option(names = "--config", paramLabel = "DIR",
        description = "The configuration folder holding caducee.properties (default -Dcaducee.config, else "
            + "$CADUCEE_CONF or $CADUCEE_CONFIG, else ./james-config).")
    Path config;

    @Option(names = "--data", paramLabel = "DIR",
        description = "The data folder (default -Dcaducee.data, else $CADUCEE_DATA, else the configuration's).")
    Path data;

    /** The JVM's {@code -D} options, with these folders (and the environment's) where the options name none. */
    Properties commandLine(Properties system, Map<String, String> environment) {
        Properties properties = new Properties();
        system.stringPropertyNames().forEach(key -> properties.setProperty(key, system.getProperty(key)));
        if (config != null) {
            properties.setProperty(Setting.CONFIG.key(), config.toString());
        } else if (!properties.containsKey(Setting.CONFIG.key())) {
            String fromEnvironment = environment.getOrDefault("CADUCEE_CONF", environment.get("CADUCEE_CONFIG"));
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                properties.setProperty(Setting.CONFIG.key(), fromEnvironment);
            }
        }
        if (data != null) {
            properties.setProperty(Setting.DATA.key(), data.toString());
        } else if (!properties.containsKey(Setting.DATA.key()) && !environment.getOrDefault("CADUCEE_DATA", "").isBlank()) {
            properties.setProperty(Setting.DATA.key(), environment.get("CADUCEE_DATA"));
        }
        if (!properties.containsKey(Setting.TRUST_ANCHORS.key())
                && !environment.getOrDefault("CADUCEE_TRUST_ANCHORS", "").isBlank()) {
            properties.setProperty(Setting.TRUST_ANCHORS.key(), environment.get("CADUCEE_TRUST_ANCHORS"));
        }
        return properties;
    }

    /** The command's own lines are its output: the parts it calls log nothing on the console meanwhile. */
    static void quietLogs() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.OFF);
        }
        // The trust module logs through java.util.logging.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
    }
}
