package fr.caducee.server.directory;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.commons.configuration2.Configuration;

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
        Mode mode = mode(properties.getString("mode", "embedded"));
        String listen = properties.getString("embedded.listen", "127.0.0.1:10389").strip();
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw invalid("embedded.listen", "must be host:port, was '" + listen + "'");
        }
        List<String> urls = Arrays.stream(properties.getString("external.url", "").split("\\s+"))
            .filter(url -> !url.isBlank()).toList();
        if (mode == Mode.EXTERNAL && urls.isEmpty()) {
            throw invalid("external.url", "is required when mode=external (ldap://host:389 or ldaps://host:636)");
        }
        if (mode == Mode.EXTERNAL && (passwordFromEnvironment == null || passwordFromEnvironment.isEmpty())) {
            throw invalid("external password", "set the environment variable " + PASSWORD_VARIABLE);
        }
        int iterations = integer(properties, "password.iterations", 100_000);
        if (iterations < MINIMUM_ITERATIONS) {
            throw invalid("password.iterations", "must be at least " + MINIMUM_ITERATIONS + ", was " + iterations);
        }
        int importThreads = integer(properties, "import.threads", 32);
        if (importThreads < 1 || importThreads > 64) {
            throw invalid("import.threads", "must be from 1 to 64, was " + importThreads);
        }
        long freshnessSeconds = integer(properties, "cache.freshnessSeconds", 30);
        if (freshnessSeconds < 1) {
            throw invalid("cache.freshnessSeconds", "must be at least 1, was " + freshnessSeconds);
        }
        return new DirectorySettings(mode,
            properties.getString("baseDn", "o=caducee").strip(),
            listen.substring(0, colon),
            port("embedded.listen", listen.substring(colon + 1)),
            integer(properties, "embedded.compactAfterMegabytes", 64) * 1024L * 1024L,
            urls,
            properties.getString("external.bindDn", "").strip(),
            passwordFromEnvironment,
            integer(properties, "external.poolSize", 8),
            Duration.ofMillis(integer(properties, "external.timeoutMillis", 5000)),
            Duration.ofSeconds(freshnessSeconds),
            integer(properties, "cache.maximumEntries", 2_000_000),
            iterations,
            importThreads);
    }

    private static Mode mode(String value) {
        try {
            return Mode.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("mode", "must be embedded or external, was '" + value + "'");
        }
    }

    private static int port(String key, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalid(key, "port must be a number from 0 to 65535, was '" + value + "'");
    }

    private static int integer(Configuration properties, String key, int defaultValue) {
        String value = properties.getString(key, String.valueOf(defaultValue)).strip();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid(key, "must be a whole number, was '" + value + "'");
        }
    }

    private static IllegalArgumentException invalid(String key, String problem) {
        return new IllegalArgumentException("directory.properties: " + key + " " + problem);
    }

    @Override
    public String toString() {
        return "DirectorySettings[mode=" + mode + ", baseDn=" + baseDn + ", urls=" + externalUrls + "]";
    }
}
