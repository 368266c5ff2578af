package fr.caducee.ldapengine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NavigableSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFChangeRecord;
import com.unboundid.ldif.LDIFException;

/**
 * Rebuilds the directory at start: the newest published snapshot, then every journal segment from its number on,
 * in order. Only the last segment may end with a torn record (the crash interrupted its last batch, which was
 * never acknowledged); a gap or a bad record anywhere else means lost or damaged data, and the start fails
 * rather than serve a directory with acknowledged changes missing.
 */
final class Recovery {

    private static final Logger LOGGER = LoggerFactory.getLogger(Recovery.class);

    /**
     * Where the journal continues and what was loaded.
     *
     * @param segment       the segment to append to
     * @param validLength   its valid length (anything after it is a torn tail, to be cut off)
     * @param snapshotBytes size of the snapshot loaded, 0 when none
     */
    record Outcome(long segment, long validLength, long snapshotBytes, int snapshotEntries, long replayed) {
    }

    private Recovery() {
    }

    static Outcome run(DataFolder folder, EntryStore store) throws IOException, LDAPException {
        folder.deleteTemporaryFiles();
        NavigableSet<Long> snapshots = folder.snapshots();
        long base = snapshots.isEmpty() ? 1 : snapshots.last();
        int entries = 0;
        long snapshotBytes = 0;
        if (!snapshots.isEmpty()) {
            Path snapshot = folder.snapshot(base);
            entries = SnapshotFile.load(snapshot, store);
            snapshotBytes = Files.size(snapshot);
        }
        NavigableSet<Long> segments = folder.segments().tailSet(base, true);
        long expected = base;
        long replayed = 0;
        long validLength = 0;
        JournaledDirectory direct = JournaledDirectory.replaying(store);
        for (long segment : segments) {
            if (segment != expected) {
                throw new IOException("Journal segment " + folder.segment(expected) + " is missing: the directory in "
                        + folder.directory() + " cannot be rebuilt without it");
            }
            Path path = folder.segment(segment);
            long[] count = {0};
            try {
                validLength = JournalFormat.read(path, payload -> {
                    replay(direct, payload, path, count[0]);
                    count[0]++;
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            replayed += count[0];
            long length = Files.size(path);
            if (validLength < length) {
                if (segment != segments.last()) {
                    throw new IOException(path + " is damaged at byte " + validLength + " and is not the last segment");
                }
                LOGGER.warn("Ignoring the torn end of {} ({} bytes after byte {}): a write interrupted by a crash, "
                        + "never acknowledged", path, length - validLength, validLength);
            }
            expected++;
        }
        folder.deleteBefore(base);
        long segment = segments.isEmpty() ? base : segments.last();
        return new Outcome(segment, validLength, snapshotBytes, entries, replayed);
    }

    private static void replay(JournaledDirectory direct, byte[] payload, Path segment, long index) {
        try {
            LDIFChangeRecord change = ChangeRecords.decode(payload);
            change.processChange(direct, true);
        } catch (LDIFException | LDAPException e) {
            throw new UncheckedIOException(new IOException(
                    "Record " + index + " of " + segment + " cannot be replayed: " + e.getMessage(), e));
        }
    }
}
