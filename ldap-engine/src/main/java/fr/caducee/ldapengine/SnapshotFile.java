package fr.caducee.ldapengine;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.ldif.LDIFWriter;

/**
 * A snapshot of the whole directory as plain LDIF, parents before children, so an operator can read it, grep it
 * or load it into another server.
 */
final class SnapshotFile {

    private static final int BUFFER = 1 << 20;

    private SnapshotFile() {
    }

    /**
     * Writes {@code entries} to {@code file} and forces it to disk.
     *
     * @throws CancellationException when {@code cancelled} turns true meanwhile (the server is closing)
     */
    static long write(Path file, EntryStore store, List<byte[]> entries, BooleanSupplier cancelled)
            throws IOException {
        try (FileOutputStream out = new FileOutputStream(file.toFile())) {
            try (LDIFWriter writer = new LDIFWriter(new BufferedOutputStream(out, BUFFER))) {
                writer.setWrapColumn(0);
                int written = 0;
                for (byte[] entry : entries) {
                    if ((++written & 0xFFF) == 0 && cancelled.getAsBoolean()) {
                        throw new CancellationException("snapshot cancelled");
                    }
                    writer.writeEntry(store.decode(entry));
                }
                writer.flush();
                out.getChannel().force(true);
            }
        }
        return Files.size(file);
    }

    /** Loads the snapshot into an empty store; returns the number of entries. */
    static int load(Path file, EntryStore store) throws IOException, LDAPException {
        // A second thread parses ahead while the store adds entries.
        try (InputStream in = Files.newInputStream(file); LDIFReader reader = new LDIFReader(in, 1)) {
            int count = 0;
            while (true) {
                Entry entry;
                try {
                    entry = reader.readEntry();
                } catch (LDIFException e) {
                    throw new IOException(file + " is not a readable snapshot: " + e.getMessage(), e);
                }
                if (entry == null) {
                    return count;
                }
                store.restore(entry);
                count++;
            }
        }
    }
}
