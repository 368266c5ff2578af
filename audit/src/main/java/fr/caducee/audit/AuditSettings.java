package fr.caducee.audit;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link FileAuditTrail} writes.
 *
 * @param fsync          when records are forced to the disk
 * @param interval       how often they are forced under {@link FsyncPolicy#INTERVAL}
 * @param maxSegmentBytes a day's segment is continued in a new file past this size; 0 for one file per day
 * @param appendTimeout  how long {@code append} waits for its record to be written before it gives up with
 *                       {@link AuditUnavailableException} (a stalled disk must not hold SMTP sessions forever)
 */
public record AuditSettings(FsyncPolicy fsync, Duration interval, long maxSegmentBytes, Duration appendTimeout) {

    public AuditSettings {
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(appendTimeout, "appendTimeout");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the fsync interval must be positive, was " + interval);
        }
        if (maxSegmentBytes < 0) {
            throw new IllegalArgumentException("the segment size limit must be 0 (none) or positive, was " + maxSegmentBytes);
        }
        if (appendTimeout.isNegative() || appendTimeout.isZero()) {
            throw new IllegalArgumentException("the append timeout must be positive, was " + appendTimeout);
        }
    }

    /** Forced before append returns, one file per day, 10 s before an append gives up. */
    public static AuditSettings defaults() {
        return new AuditSettings(FsyncPolicy.ALWAYS, Duration.ofSeconds(1), 0, Duration.ofSeconds(10));
    }

    public AuditSettings withFsync(FsyncPolicy fsync, Duration interval) {
        return new AuditSettings(fsync, interval, maxSegmentBytes, appendTimeout);
    }

    public AuditSettings withMaxSegmentBytes(long maxSegmentBytes) {
        return new AuditSettings(fsync, interval, maxSegmentBytes, appendTimeout);
    }

    public AuditSettings withAppendTimeout(Duration appendTimeout) {
        return new AuditSettings(fsync, interval, maxSegmentBytes, appendTimeout);
    }
}
