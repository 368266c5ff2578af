package fr.caducee.server.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import org.apache.commons.configuration2.Configuration;

import fr.caducee.audit.AuditSettings;
import fr.caducee.audit.FsyncPolicy;

/**
 * {@code audit.properties}, validated at start: a mistake stops the server with the setting named, since a server
 * that cannot keep its audit trail must not take mail.
 *
 * @param folder   where the segments are written ({@code folder}; relative to the data folder's {@code var/})
 * @param settings how they are written
 */
record AuditConfiguration(Path folder, AuditSettings settings) {

    static AuditConfiguration from(Configuration properties, Path varDirectory) {
        String folder = properties.getString("folder", "audit").strip();
        if (folder.isEmpty()) {
            throw invalid("folder", "must name a folder, was empty");
        }
        FsyncPolicy fsync = fsync(properties.getString("fsync", "always"));
        long intervalMillis = number(properties, "fsync.intervalMillis", 1000);
        if (intervalMillis < 1 || intervalMillis > 60_000) {
            throw invalid("fsync.intervalMillis", "must be from 1 to 60000, was " + intervalMillis);
        }
        long maxMegabytes = number(properties, "segment.maxMegabytes", 0);
        if (maxMegabytes < 0) {
            throw invalid("segment.maxMegabytes", "must be 0 (one file per day) or more, was " + maxMegabytes);
        }
        long timeoutMillis = number(properties, "append.timeoutMillis", 10_000);
        if (timeoutMillis < 100) {
            throw invalid("append.timeoutMillis", "must be at least 100, was " + timeoutMillis);
        }
        return new AuditConfiguration(varDirectory.resolve(folder).normalize(),
            new AuditSettings(fsync, Duration.ofMillis(intervalMillis), maxMegabytes * 1024 * 1024,
                Duration.ofMillis(timeoutMillis)));
    }

    private static FsyncPolicy fsync(String value) {
        try {
            return FsyncPolicy.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("fsync", "must be always or interval, was '" + value + "'");
        }
    }

    private static long number(Configuration properties, String key, long defaultValue) {
        String value = properties.getString(key, String.valueOf(defaultValue)).strip();
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(key, "must be a whole number, was '" + value + "'");
        }
    }

    private static IllegalArgumentException invalid(String key, String problem) {
        return new IllegalArgumentException("audit.properties: " + key + " " + problem);
    }
}
