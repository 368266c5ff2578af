package fr.caducee.directory.ldap;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.ldif.LDIFWriter;

/**
 * A snapshot of the whole directory as plain LDIF, parents before children (the in-memory server keeps its
 * entries in hierarchical DN order), so an operator can read it, grep it or load it into another server.
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
    static long write(Path file, Iterable<? extends Entry> entries, BooleanSupplier cancelled) throws IOException {
        try (FileOutputStream out = new FileOutputStream(file.toFile())) {
            try (LDIFWriter writer = new LDIFWriter(new BufferedOutputStream(out, BUFFER))) {
                writer.setWrapColumn(0);
                for (Entry entry : entries) {
                    if (cancelled.getAsBoolean()) {
                        throw new CancellationException("snapshot cancelled");
                    }
                    writer.writeEntry(entry);
                }
                writer.flush();
                out.getChannel().force(true);
            }
        }
        return Files.size(file);
    }

    /** Replaces the server's content with the snapshot's; returns the number of entries. */
    static int load(Path file, InMemoryDirectoryServer server) throws IOException, LDAPException {
        try (InputStream in = Files.newInputStream(file)) {
            // A second thread parses ahead while the server adds entries.
            return server.importFromLDIF(true, new LDIFReader(in, 1));
        }
    }
}
