package fr.caducee.server.health;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;

/**
 * The audit trail's folder takes a write and its fsync in reasonable time: a scratch file beside the segments
 * ({@link #PROBE}) written, forced to disk and deleted, so that the trail itself gets no record for a probe. Unhealthy
 * when the write fails (every acceptance waits for its record: mail is deferred); degraded when the fsync takes longer
 * than {@code caducee.health.auditFsyncMillis} (each message then waits as long).
 */
public final class AuditTrailHealthCheck implements HealthCheck {
    static final ComponentName NAME = new ComponentName("AuditTrail");
    /** Hidden: the trail's reader and the backups take the segments by their names, not this file. */
    static final String PROBE = ".health-probe";
    static final Duration LIMIT = Duration.ofSeconds(10);

    private final Path folder;
    private final Duration slowFsync;

    public AuditTrailHealthCheck(Path folder, Duration slowFsync) {
        this.folder = folder;
        this.slowFsync = slowFsync;
    }

    @Override
    public ComponentName componentName() {
        return NAME;
    }

    @Override
    public Publisher<Result> check() {
        return Checks.blocking(NAME, LIMIT, "the audit trail's folder " + folder + " cannot be written (mail is "
            + "deferred until it can; check its disk, its owner and its permissions): ", this::probe);
    }

    private Result probe() throws IOException {
        Path probe = folder.resolve(PROBE);
        Duration fsync;
        try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap("health probe\n".getBytes(StandardCharsets.US_ASCII)));
            long start = System.nanoTime();
            channel.force(true);
            fsync = Duration.ofNanos(System.nanoTime() - start);
        } finally {
            Files.deleteIfExists(probe);
        }
        if (fsync.compareTo(slowFsync) > 0) {
            return Result.degraded(NAME, "an fsync in the audit trail's folder " + folder + " took " + fsync.toMillis()
                + " ms (more than " + slowFsync.toMillis() + " ms, caducee.health.auditFsyncMillis): every accepted "
                + "message waits as long; look at the disk's load or move the trail (caducee.audit.folder) to a faster disk");
        }
        return Result.healthy(NAME);
    }
}
