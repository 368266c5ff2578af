package fr.caducee.server.directory;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.configuration2.Configuration;

import fr.caducee.server.SettingsFile;

/**
 * {@code directory.properties}, validated at start: a mistake stops the server with the setting named, rather than
 * leaving it to answer "unknown box" to every message.
 */
record DirectorySettings(Mode mode, String baseDn, String embeddedHost, int embeddedPort, long compactAfterBytes,
                         List<String> externalUrls, String externalBindDn, String externalPassword,
                         int externalPoolSize, Duration externalTimeout, Duration freshness, long cacheEntries,
                         int passwordIterations, int importThreads) {

    static final String PASSWORD_VARIABLE = "CADUCEE_DIRECTORY_PASSWORD";
    /** Below this, a stolen directory dump gives up its passwords too cheaply. */
    static final int MINIMUM_ITERATIONS = 10_000;

    enum Mode { EMBEDDED, EXTERNAL }

    static DirectorySettings from(Configuration properties, String passwordFromEnvironment) {
        SettingsFile file = new SettingsFile("directory.properties", properties);
        Mode mode = file.choice("mode", "embedded", Mode.class, "embedded or external");
        String listen = file.text("embedded.listen", "127.0.0.1:10389");
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw file.invalid("embedded.listen", "must be host:port, was '" + listen + "'");
        }
        List<String> urls = Arrays.stream(properties.getString("external.url", "").split("\\s+"))
            .filter(url -> !url.isBlank()).toList();
        if (mode == Mode.EXTERNAL && urls.isEmpty()) {
            throw file.invalid("external.url", "is required when mode=external (ldap://host:389 or ldaps://host:636)");
        }
        if (mode == Mode.EXTERNAL && (passwordFromEnvironment == null || passwordFromEnvironment.isEmpty())) {
            throw file.invalid("external password", "name an owner-only file holding it with "
                + "caducee.directory.passwordFile, or set the environment variable " + PASSWORD_VARIABLE);
        }
        int iterations = file.integer("password.iterations", 100_000);
        if (iterations < MINIMUM_ITERATIONS) {
            throw file.invalid("password.iterations", "must be at least " + MINIMUM_ITERATIONS + ", was " + iterations);
        }
        int importThreads = file.integer("import.threads", 32);
        if (importThreads < 1 || importThreads > 64) {
            throw file.invalid("import.threads", "must be from 1 to 64, was " + importThreads);
        }
        long freshnessSeconds = file.integer("cache.freshnessSeconds", 30);
        if (freshnessSeconds < 1) {
            throw file.invalid("cache.freshnessSeconds", "must be at least 1, was " + freshnessSeconds);
        }
        return new DirectorySettings(mode,
            file.text("baseDn", "o=caducee"),
            listen.substring(0, colon),
            port(file, "embedded.listen", listen.substring(colon + 1)),
            file.integer("embedded.compactAfterMegabytes", 64) * 1024L * 1024L,
            urls,
            file.text("external.bindDn", ""),
            passwordFromEnvironment,
            file.integer("external.poolSize", 8),
            Duration.ofMillis(file.integer("external.timeoutMillis", 5000)),
            Duration.ofSeconds(freshnessSeconds),
            file.integer("cache.maximumEntries", 2_000_000),
            iterations,
            importThreads);
    }

    private static int port(SettingsFile file, String key, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw file.invalid(key, "port must be a number from 0 to 65535, was '" + value + "'");
    }

    @Override
    public String toString() {
        return "DirectorySettings[mode=" + mode + ", baseDn=" + baseDn + ", urls=" + externalUrls + "]";
    }
}
