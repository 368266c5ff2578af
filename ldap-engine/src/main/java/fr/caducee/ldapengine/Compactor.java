package fr.caducee.ldapengine;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the journal: once it outgrows both the configured threshold and the last snapshot (so a large directory
 * is not rewritten for a few changes), the journal moves on to a new segment N and the in-memory state is copied
 * at that very point, both under the write lock; the copy is written in the background as snapshot N, synced and
 * published by rename, and only then are the older segments and snapshots deleted. A crash before the rename
 * leaves the previous snapshot and every segment since; after it, snapshot N and segments from N on.
 */
final class Compactor implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(Compactor.class);

    private final DataFolder folder;
    private final Journal journal;
    private final DurableWrites writes;
    private final EntryStore store;
    private final long thresholdBytes;
    private final ScheduledExecutorService scheduler;
    private volatile boolean closing;
    private long snapshotBytes;
    private long retryAbove;

    Compactor(DataFolder folder, Journal journal, DurableWrites writes, EntryStore store,
              long thresholdBytes, long snapshotBytes) {
        this.folder = folder;
        this.journal = journal;
        this.writes = writes;
        this.store = store;
        this.thresholdBytes = thresholdBytes;
        this.snapshotBytes = snapshotBytes;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "directory-compaction");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Checks the journal size every {@code periodMillis}. */
    void start(long periodMillis) {
        scheduler.scheduleWithFixedDelay(this::compactIfLarge, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** The directory at a point between two journal records, and the segment that starts there. */
    private record PointInTime(long segment, List<byte[]> entries) {
    }

    /** Compacts now, whatever the journal size; returns the number of the snapshot written. */
    synchronized long compact() throws IOException {
        PointInTime point = writes.exclusively(
                () -> new PointInTime(journal.rotate(), store.pointInTime()));
        long started = System.nanoTime();
        try {
            snapshotBytes = SnapshotFile.write(folder.temporarySnapshot(point.segment()), store, point.entries(),
                    () -> closing);
            folder.publish(point.segment());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(folder.temporarySnapshot(point.segment()));
            throw e;
        }
        folder.deleteBefore(point.segment());
        LOGGER.info("Directory snapshot {} written: {} entries, {} bytes, in {} ms", point.segment(),
                point.entries().size(), snapshotBytes, (System.nanoTime() - started) / 1_000_000);
        return point.segment();
    }

    private synchronized void compactIfLarge() {
        long journalBytes = journal.segmentBytes();
        if (closing || journal.failed() || journalBytes < Math.max(thresholdBytes, Math.max(snapshotBytes, retryAbove))) {
            return;
        }
        try {
            compact();
            retryAbove = 0;
        } catch (CancellationException e) {
            LOGGER.info("Directory snapshot abandoned: the directory is closing");
        } catch (IOException | RuntimeException e) {
            // The journal still holds everything; try again once it has grown by another threshold.
            retryAbove = journal.segmentBytes() + thresholdBytes;
            LOGGER.error("Directory snapshot failed; the journal keeps growing until one succeeds", e);
        }
    }

    /** Stops checking and abandons a snapshot being written (its temporary file is deleted at the next start). */
    @Override
    public void close() {
        closing = true;
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                LOGGER.warn("Directory compaction did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
