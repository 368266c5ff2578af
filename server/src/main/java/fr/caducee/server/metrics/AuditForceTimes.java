package fr.caducee.server.metrics;

import java.util.function.LongConsumer;

import javax.inject.Singleton;

import io.prometheus.client.Histogram;

/**
 * {@code caducee_audit_fsync_seconds}: how long the audit trail's writer waited for the disk to make a batch durable
 * (the {@code force} of its files): every SMTP 250 waits for one, so a slow disk shows here first.
 */
@Singleton
public final class AuditForceTimes implements LongConsumer {
    private static final double NANOS_PER_SECOND = 1e9;

    private final Histogram forces = Histogram.build()
        .name("caducee_audit_fsync_seconds")
        .help("Time the audit trail waited for fsync (force) of its files, per batch of records")
        .buckets(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
        .create();

    /** One force, in nanoseconds. */
    @Override
    public void accept(long nanos) {
        forces.observe(nanos / NANOS_PER_SECOND);
    }

    Histogram histogram() {
        return forces;
    }
}
