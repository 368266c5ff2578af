package fr.caducee.server.audit;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.commons.configuration2.Configuration;

import fr.caducee.audit.AuditSettings;
import fr.caducee.audit.FsyncPolicy;
import fr.caducee.server.SettingsFile;

/**
 * {@code audit.properties}, validated at start: a mistake stops the server with the setting named, since a server
 * that cannot keep its audit trail must not take mail.
 *
 * @param folder   where the segments are written ({@code folder}; relative to the data folder's {@code var/})
 * @param settings how they are written
 */
record AuditConfiguration(Path folder, AuditSettings settings) {

    static AuditConfiguration from(Configuration properties, Path varDirectory) {
        SettingsFile file = new SettingsFile("audit.properties", properties);
        String folder = file.text("folder", "audit");
        if (folder.isEmpty()) {
            throw file.invalid("folder", "must name a folder, was empty");
        }
        FsyncPolicy fsync = file.choice("fsync", "always", FsyncPolicy.class, "always or interval");
        long intervalMillis = file.number("fsync.intervalMillis", 1000);
        if (intervalMillis < 1 || intervalMillis > 60_000) {
            throw file.invalid("fsync.intervalMillis", "must be from 1 to 60000, was " + intervalMillis);
        }
        long maxMegabytes = file.number("segment.maxMegabytes", 0);
        if (maxMegabytes < 0) {
            throw file.invalid("segment.maxMegabytes", "must be 0 (one file per day) or more, was " + maxMegabytes);
        }
        long timeoutMillis = file.number("append.timeoutMillis", 10_000);
        if (timeoutMillis < 100) {
            throw file.invalid("append.timeoutMillis", "must be at least 100, was " + timeoutMillis);
        }
        return new AuditConfiguration(varDirectory.resolve(folder).normalize(),
            new AuditSettings(fsync, Duration.ofMillis(intervalMillis), maxMegabytes * 1024 * 1024,
                Duration.ofMillis(timeoutMillis)));
    }
}
