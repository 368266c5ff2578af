package fr.caducee.server.health;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;

import fr.caducee.rules.transport.StorageSpace;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * The free space of the data folder's file systems (the least of them, as SMTP measures it) against the reserve
 * {@code caducee.storage.reserveMegabytes}: below the reserve SMTP refuses mail ({@code 452 4.3.1}), so the check is
 * unhealthy; below twice the reserve it is degraded, a warning before mail is refused.
 */
public final class DiskReserveHealthCheck implements HealthCheck {
    static final ComponentName NAME = new ComponentName("DiskReserve");
    private static final long MEGABYTE = 1024L * 1024;

    private final StorageSpace space;
    private final long reserveBytes;

    @Inject
    public DiskReserveHealthCheck(StorageSpace space, Settings settings) {
        this(space, settings.number(Setting.STORAGE_RESERVE_MEGABYTES, 0, Long.MAX_VALUE / MEGABYTE) * MEGABYTE);
    }

    DiskReserveHealthCheck(StorageSpace space, long reserveBytes) {
        this.space = space;
        this.reserveBytes = reserveBytes;
    }

    @Override
    public ComponentName componentName() {
        return NAME;
    }

    @Override
    public Publisher<Result> check() {
        return Checks.blocking(NAME, DirectoryHealthCheck.LIMIT, "the free space of the data folder cannot be read: ",
            () -> {
                long free = space.usableBytes();
                String figures = free / MEGABYTE + " MB free in the data folder, reserve " + reserveBytes / MEGABYTE
                    + " MB (caducee.storage.reserveMegabytes)";
                if (free < reserveBytes) {
                    return Result.unhealthy(NAME, figures + ": mail is refused (452 4.3.1) until space is freed or "
                        + "the disk grown");
                }
                if (free < 2 * reserveBytes) {
                    return Result.degraded(NAME, figures + ": less than twice the reserve, mail will be refused below "
                        + "it; free space or grow the disk");
                }
                return Result.healthy(NAME);
            });
    }
}
