package fr.caducee.domain.importing;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;

/**
 * The entries of an LDIF file, each with the number of the line its {@code dn:} is on, for the report. UnboundID's
 * {@link LDIFReader} parses; it reads through {@link BufferedReader#readLine}, one record per call, which is what
 * lets a counting reader say where each entry starts.
 */
final class LdifSource implements Closeable {

    /** An entry and the line of its {@code dn:}. */
    record NumberedEntry(Entry entry, long line) {
    }

    private final CountingReader lines;
    private final LDIFReader reader;

    private LdifSource(CountingReader lines) {
        this.lines = lines;
        // No parsing threads: records are read one at a time, so line numbers match their entries.
        this.reader = new LDIFReader(lines, 0);
    }

    static LdifSource open(Path file) throws IOException {
        return new LdifSource(new CountingReader(Files.newBufferedReader(file, StandardCharsets.UTF_8)));
    }

    /** The next entry, or null at the end. */
    NumberedEntry next() throws IOException, LDIFException {
        Entry entry = reader.readEntry();
        long line = lines.takeDnLine();
        return entry == null ? null : new NumberedEntry(entry, line);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private static final class CountingReader extends BufferedReader {

        private long lineNumber;
        private long dnLine;

        CountingReader(Reader in) {
            super(in);
        }

        @Override
        public String readLine() throws IOException {
            String line = super.readLine();
            if (line != null) {
                lineNumber++;
                if (dnLine == 0 && line.regionMatches(true, 0, "dn:", 0, 3)) {
                    dnLine = lineNumber;
                }
            }
            return line;
        }

        long takeDnLine() {
            long line = dnLine;
            dnLine = 0;
            return line;
        }
    }
}
