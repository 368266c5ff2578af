package fr.caducee.domain.importing.extract;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Streams the national directory's bulk extract (extraction_correspondance_mssante): UTF-8, {@code |}-separated,
 * one header line, {@value ExtractLine#COLUMN_COUNT} columns.
 *
 * <p>The header is checked when the reader is created (a leading byte order mark is tolerated, and so is a
 * separator at the end of every line if the header has one); a wrong header fails the whole file with
 * {@link InvalidExtractException}, since its columns could not be trusted. Each data line then yields a
 * {@link ParsedLine} or a {@link Rejection}: wrong column count, empty box type or address, bytes that are not
 * UTF-8, or a last line cut short (no final newline and missing columns: an interrupted download). Nothing else
 * is checked here; identifiers are validated by the consumer.
 *
 * <p>One line is in memory at a time, whatever the size of the file. Not thread-safe; iterate once.
 */
public final class ExtractReader implements Closeable, Iterable<ExtractEntry> {

    /** Real lines are a few hundred characters; past this the file is not an extract. */
    static final int MAX_LINE_LENGTH = 64 * 1024;

    private static final char BOM = '\uFEFF';

    private final Reader in;
    private final char[] buffer = new char[64 * 1024];
    private final StringBuilder spill = new StringBuilder(512);
    private final boolean trailingSeparator;
    private int position;
    private int limit;
    private long lineNumber;
    private boolean lastLineTerminated;
    private boolean lastLineOverlong;
    private boolean iterated;

    /**
     * Opens a file and checks its header.
     *
     * @throws InvalidExtractException if the header is missing or wrong
     */
    public static ExtractReader open(Path file) throws IOException {
        InputStream stream = Files.newInputStream(file);
        try {
            return new ExtractReader(stream);
        } catch (IOException | RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    /** Reads UTF-8 bytes from {@code in} (closed by {@link #close()}) and checks the header. */
    public ExtractReader(InputStream in) throws IOException {
        // Bad bytes become U+FFFD and reject their line instead of aborting the whole file.
        this(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }

    /** Reads already decoded text from {@code reader} (closed by {@link #close()}) and checks the header. */
    public ExtractReader(Reader reader) throws IOException {
        this.in = Objects.requireNonNull(reader, "reader");
        String header = readLine();
        if (header == null) {
            throw new InvalidExtractException("empty file: no header line");
        }
        if (!header.isEmpty() && header.charAt(0) == BOM) {
            header = header.substring(1);
        }
        this.trailingSeparator = header.endsWith(String.valueOf(ExtractLine.SEPARATOR))
                && countColumns(header) == ExtractLine.COLUMN_COUNT + 1;
        checkHeader(trailingSeparator ? header.substring(0, header.length() - 1) : header);
    }

    private static void checkHeader(String header) throws InvalidExtractException {
        String[] names = split(header, countColumns(header));
        if (names.length != ExtractLine.COLUMN_COUNT) {
            throw new InvalidExtractException("header has " + names.length + " columns, expected "
                    + ExtractLine.COLUMN_COUNT + ": " + abbreviate(header));
        }
        for (int i = 0; i < names.length; i++) {
            String expected = ExtractLine.HEADER.get(i);
            if (!comparable(names[i]).equals(comparable(expected))) {
                throw new InvalidExtractException("header column " + (i + 1) + " is '" + names[i].strip()
                        + "', expected '" + expected + "'");
            }
        }
    }

    /** Tolerates differences no human would see: case, surrounding spaces, composed or decomposed accents. */
    private static String comparable(String name) {
        return Normalizer.normalize(name.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    @Override
    public Iterator<ExtractEntry> iterator() {
        if (iterated) {
            throw new IllegalStateException("an extract can only be iterated once");
        }
        iterated = true;
        return new Iterator<>() {
            private ExtractEntry next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    try {
                        next = readEntry();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    done = next == null;
                }
                return next != null;
            }

            @Override
            public ExtractEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ExtractEntry entry = next;
                next = null;
                return entry;
            }
        };
    }

    /** The entries as a sequential stream; closing the stream closes the reader. */
    public Stream<ExtractEntry> stream() {
        Spliterator<ExtractEntry> spliterator = Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(spliterator, false).onClose(() -> {
            try {
                close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The next entry, or null at the end of the file. */
    private ExtractEntry readEntry() throws IOException {
        String raw = readLine();
        if (raw == null) {
            return null;
        }
        long n = lineNumber;
        if (lastLineOverlong) {
            return new Rejection(n, "line " + n + " is longer than " + MAX_LINE_LENGTH + " characters",
                    raw);
        }
        if (raw.isEmpty()) {
            return new Rejection(n, "line " + n + " is empty", raw);
        }
        String content = trailingSeparator && raw.charAt(raw.length() - 1) == ExtractLine.SEPARATOR
                ? raw.substring(0, raw.length() - 1) : raw;
        int columns = countColumns(content);
        if (columns != ExtractLine.COLUMN_COUNT) {
            if (!lastLineTerminated && columns < ExtractLine.COLUMN_COUNT) {
                return new Rejection(n, "line " + n + " is truncated (no final newline, " + columns + " of "
                        + ExtractLine.COLUMN_COUNT + " columns)", raw, true);
            }
            return new Rejection(n, "line " + n + " has " + columns + " columns instead of "
                    + ExtractLine.COLUMN_COUNT, raw);
        }
        if (content.indexOf('\uFFFD') >= 0) {
            return new Rejection(n, "line " + n + " is not valid UTF-8", raw);
        }
        String[] fields = split(content, columns);
        if (fields[0].isBlank()) {
            return new Rejection(n, "line " + n + " has an empty box type (Type de BAL)", raw);
        }
        if (fields[1].isBlank()) {
            return new Rejection(n, "line " + n + " has an empty box address (Adresse BAL)", raw);
        }
        return new ParsedLine(n, ExtractLine.of(fields));
    }

    private static int countColumns(String line) {
        int columns = 1;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == ExtractLine.SEPARATOR) {
                columns++;
            }
        }
        return columns;
    }

    private static String[] split(String line, int columns) {
        String[] fields = new String[columns];
        int start = 0;
        for (int i = 0; i < columns - 1; i++) {
            int end = line.indexOf(ExtractLine.SEPARATOR, start);
            fields[i] = line.substring(start, end);
            start = end + 1;
        }
        fields[columns - 1] = line.substring(start);
        return fields;
    }

    /**
     * Reads one line without its terminator (LF or CRLF), recording whether it had one; null at the end. Hand-made
     * rather than BufferedReader.readLine because the missing final newline is what reveals a truncated file.
     */
    private String readLine() throws IOException {
        spill.setLength(0);
        boolean any = false;
        boolean overlong = false;
        while (true) {
            if (position >= limit) {
                int read = in.read(buffer, 0, buffer.length);
                if (read < 0) {
                    if (!any) {
                        return null;
                    }
                    return endLine(false, overlong);
                }
                position = 0;
                limit = read;
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int length = position - start;
            if (spill.length() + length > MAX_LINE_LENGTH) {
                overlong = true;
                length = Math.max(0, MAX_LINE_LENGTH - spill.length());
            }
            spill.append(buffer, start, length);
            if (position < limit) {
                position++; // the newline
                return endLine(true, overlong);
            }
        }
    }

    private String endLine(boolean terminated, boolean overlong) {
        lineNumber++;
        lastLineTerminated = terminated;
        lastLineOverlong = overlong;
        int length = spill.length();
        if (length > 0 && spill.charAt(length - 1) == '\r') {
            length--;
        }
        return spill.substring(0, length);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
