package fr.caducee.server.storage.postgres;

import java.util.List;

import fr.caducee.rules.smtp.ChainSettings;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * How much write-ahead log the managed PostgreSQL keeps between checkpoints, drawn from the disk reserve.
 *
 * <p>Once SMTP refuses mail for want of space, the spool still delivers what it holds, and each delivery goes
 * through the log first; PostgreSQL recycles the log only at a checkpoint, by default every 5 minutes or 1 GB of
 * log, far more than the 256 MB reserve (text full of indexed words once grew it by 148 MB for 26 MB of mail).
 * A quarter of the reserve, between 64 MB and PostgreSQL's own 1 GB, leaves the other three quarters to the
 * backlog; a checkpoint every 64 MB costs a busy server more page writes, not durability.
 */
public record WriteAheadLogLimit(long maxMegabytes) {
    static final long FLOOR_MEGABYTES = 64;
    static final long CEILING_MEGABYTES = 1024;
    /** Two segments of 16 MB, PostgreSQL's smallest: log files kept for reuse count against the reserve too. */
    static final long MIN_MEGABYTES = 32;

    public WriteAheadLogLimit {
        if (maxMegabytes < FLOOR_MEGABYTES || maxMegabytes > CEILING_MEGABYTES) {
            throw new IllegalArgumentException("the managed PostgreSQL's max_wal_size is between " + FLOOR_MEGABYTES
                + " and " + CEILING_MEGABYTES + " MB, not " + maxMegabytes);
        }
    }

    /** From {@code caducee.storage.reserveMegabytes}, the reserve SMTP keeps free. */
    public static WriteAheadLogLimit from(Settings settings) {
        return forReserve(settings.number(Setting.STORAGE_RESERVE_MEGABYTES, 0,
            ChainSettings.MAX_STORAGE_RESERVE_MEGABYTES));
    }

    public static WriteAheadLogLimit forReserve(long reserveMegabytes) {
        return new WriteAheadLogLimit(Math.max(FLOOR_MEGABYTES, Math.min(CEILING_MEGABYTES, reserveMegabytes / 4)));
    }

    /** The {@code postgres} options that set it, for its command line (none of them secret). */
    List<String> serverOptions() {
        return List.of("-c", "max_wal_size=" + maxMegabytes + "MB", "-c", "min_wal_size=" + MIN_MEGABYTES + "MB");
    }
}
