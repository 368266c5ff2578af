package fr.caducee.audit;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trail as JSON lines in a folder, one segment per UTC day (see {@link SegmentName}); a record goes to the
 * segment of its own time's day, so that a query for a day reads that day's files only.
 *
 * <p>One writer thread does all the writing, with group commit: {@link #append} serialises its record, queues it
 * and waits; the writer takes everything queued, writes it, forces the files once (under
 * {@link FsyncPolicy#ALWAYS}) and releases all those appenders together. Concurrent appenders therefore share
 * fsyncs, and a lone appender pays one.
 *
 * <p>Failures: a batch that cannot be written or forced (disk full, I/O error) is cut back off the files and its
 * appenders get {@link AuditUnavailableException} at once; the next batch tries again, so the trail works again as
 * soon as the disk does. An append that is not written within the append timeout (a stalled disk) gives up with
 * the same exception; its record may still be written later.
 *
 * <p>Crash: at open, a last line torn by a crash in the middle of a write is cut from every segment.
 */
public final class FileAuditTrail implements AuditTrail, Closeable {
    private static final Logger LOGGER = LoggerFactory.getLogger(FileAuditTrail.class);
    /** Records written per batch at most, so that one batch's buffer stays small. */
    private static final int MAX_BATCH = 4096;
    private static final long IDLE_POLL_MILLIS = 100;

    private final Path folder;
    private final AuditSettings settings;
    private final SegmentChannel.Opener opener;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final AuditReader reader;
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private volatile LongConsumer forceObserver = nanos -> { };
    private volatile boolean closing;
    private volatile boolean closed;

    // Owned by the writer thread.
    private final Map<LocalDate, Segment> open = new HashMap<>();
    private final Set<Segment> unforced = new LinkedHashSet<>();
    private boolean failing;

    private FileAuditTrail(Path folder, AuditSettings settings, SegmentChannel.Opener opener) {
        this.folder = folder;
        this.settings = settings;
        this.opener = opener;
        this.reader = new AuditReader(folder);
        this.writer = new Thread(this::run, "audit-trail-writer");
        this.writer.setDaemon(true);
    }

    /** Opens the trail in {@code folder} (created if needed), cutting torn last lines left by a crash. */
    public static FileAuditTrail open(Path folder, AuditSettings settings) throws IOException {
        return open(folder, settings, SegmentChannel::open);
    }

    static FileAuditTrail open(Path folder, AuditSettings settings, SegmentChannel.Opener opener) throws IOException {
        Files.createDirectories(folder);
        for (SegmentName name : SegmentName.all(folder)) {
            Path file = folder.resolve(name.fileName());
            if (Files.isRegularFile(file)) {
                cutTornTail(file);
            }
        }
        FileAuditTrail trail = new FileAuditTrail(folder, settings, opener);
        trail.writer.start();
        return trail;
    }

    public Path folder() {
        return folder;
    }

    public AuditSettings settings() {
        return settings;
    }

    /** Queries, exports and indicators over what this trail wrote. */
    public AuditReader reader() {
        return reader;
    }

    /** How many forces made batches durable: fewer than the records when appenders share them. */
    public long syncCount() {
        return syncs.get();
    }

    /** How many records were written since the trail was opened. */
    public long writtenCount() {
        return written.get();
    }

    /** Told how long each force that makes a batch durable took, in nanoseconds (the server's metrics). */
    public void observeForces(LongConsumer observer) {
        this.forceObserver = observer;
    }

    /** Records waiting for the writer. */
    int queued() {
        return queue.size();
    }

    @Override
    public void append(AuditRecord record) {
        Pending pending = new Pending(LocalDate.ofInstant(record.time(), ZoneOffset.UTC), AuditJson.line(record));
        if (closing) {
            throw new AuditUnavailableException("The audit trail is closed", null);
        }
        queue.add(pending);
        if (closed) {
            // close() may have drained the queue before this record joined it.
            failQueued();
        }
        try {
            pending.done.get(settings.appendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AuditUnavailableException("The audit trail could not record the decision: "
                + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new AuditUnavailableException("The audit trail did not record the decision within "
                + settings.appendTimeout().toMillis() + " ms (disk stalled?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("Interrupted while the audit trail was recording the decision", e);
        }
    }

    /** Writes and forces what is queued, closes the files; later appends fail. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30) + settings.appendTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        failQueued();
    }

    private void failQueued() {
        Pending pending;
        while ((pending = queue.poll()) != null) {
            pending.done.completeExceptionally(new IOException("the audit trail is closed"));
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        long intervalNanos = settings.interval().toNanos();
        long nextForce = System.nanoTime() + intervalNanos;
        while (true) {
            Pending first;
            try {
                // Never interrupted (an interrupt would close the file channels): wakes up to notice close().
                long waitNanos = TimeUnit.MILLISECONDS.toNanos(IDLE_POLL_MILLIS);
                if (settings.fsync() == FsyncPolicy.INTERVAL) {
                    waitNanos = Math.max(0, Math.min(waitNanos, nextForce - System.nanoTime()));
                }
                first = queue.poll(waitNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                first = null;
            }
            if (first != null) {
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                writeBatch(batch);
                batch.clear();
            }
            if (settings.fsync() == FsyncPolicy.INTERVAL && System.nanoTime() - nextForce >= 0) {
                forceUnforced();
                nextForce = System.nanoTime() + intervalNanos;
            }
            if (first == null && closing) {
                break;
            }
        }
        forceUnforced();
        for (Segment segment : open.values()) {
            segment.closeQuietly();
        }
        open.clear();
    }

    private void writeBatch(List<Pending> batch) {
        List<Segment> touched = new ArrayList<>();
        try {
            for (Pending pending : batch) {
                Segment segment = segmentFor(pending.day, pending.line.length, touched);
                segment.buffer.write(pending.line, 0, pending.line.length);
                if (!touched.contains(segment)) {
                    touched.add(segment);
                }
            }
            for (Segment segment : touched) {
                segment.writeBuffered();
            }
            if (settings.fsync() == FsyncPolicy.ALWAYS) {
                long start = System.nanoTime();
                for (Segment segment : touched) {
                    segment.channel.force();
                }
                forceObserver.accept(System.nanoTime() - start);
                syncs.incrementAndGet();
            } else {
                unforced.addAll(touched);
            }
            for (Segment segment : touched) {
                segment.commit();
            }
        } catch (IOException | RuntimeException e) {
            for (Segment segment : touched) {
                segment.rollback();
            }
            if (!failing) {
                LOGGER.error("The audit trail cannot write in {}: decisions that need a record are refused until it can",
                    folder, e);
                failing = true;
            }
            for (Pending pending : batch) {
                pending.done.completeExceptionally(e);
            }
            return;
        }
        if (failing) {
            LOGGER.warn("The audit trail writes again in {}", folder);
            failing = false;
        }
        written.addAndGet(batch.size());
        for (Pending pending : batch) {
            pending.done.complete(null);
        }
    }

    /** The open segment of that day with room for the line, continuing the day in a new file past the size limit. */
    private Segment segmentFor(LocalDate day, int length, List<Segment> touched) throws IOException {
        Segment segment = open.get(day);
        if (segment == null) {
            segment = openLast(day);
            open.put(day, segment);
            closeDaysBefore(day.minusDays(1), touched);
        }
        long max = settings.maxSegmentBytes();
        long size = segment.size + segment.buffer.size();
        if (max > 0 && size > 0 && size + length > max) {
            Segment next = openSegment(segment.name.next());
            // The full one is written and forced with this batch, then closed.
            segment.retired = true;
            if (!touched.contains(segment)) {
                touched.add(segment);
            }
            open.put(day, next);
            segment = next;
        }
        return segment;
    }

    private Segment openLast(LocalDate day) throws IOException {
        List<SegmentName> existing = SegmentName.list(folder, day, day);
        return openSegment(existing.isEmpty() ? new SegmentName(day, 0) : existing.get(existing.size() - 1));
    }

    private Segment openSegment(SegmentName name) throws IOException {
        Path file = folder.resolve(name.fileName());
        boolean created = !Files.exists(file);
        if (!created) {
            // A batch whose cut failed may have left part of a line.
            cutTornTail(file);
        }
        SegmentChannel channel = opener.open(file);
        try {
            if (created) {
                // The new file's name must survive a crash as well as its content.
                syncFolder();
            }
            return new Segment(name, channel, channel.size());
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Segments of older days are closed once a later day has begun (a day is still written just after midnight). */
    private void closeDaysBefore(LocalDate oldestKept, List<Segment> touched) {
        for (Iterator<Map.Entry<LocalDate, Segment>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<LocalDate, Segment> entry = it.next();
            if (entry.getKey().isBefore(oldestKept) && !touched.contains(entry.getValue())) {
                Segment old = entry.getValue();
                if (unforced.remove(old)) {
                    try {
                        old.channel.force();
                    } catch (IOException e) {
                        LOGGER.error("The audit trail could not force {} before closing it", old.name.fileName(), e);
                    }
                }
                old.closeQuietly();
                it.remove();
            }
        }
    }

    private void forceUnforced() {
        if (unforced.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        for (Iterator<Segment> it = unforced.iterator(); it.hasNext(); ) {
            Segment segment = it.next();
            try {
                segment.channel.force();
                it.remove();
            } catch (IOException e) {
                // Written records are in the operating system's cache: a machine crash now could lose them.
                LOGGER.error("The audit trail could not force {} to disk; retrying at the next interval",
                    segment.name.fileName(), e);
            }
        }
        forceObserver.accept(System.nanoTime() - start);
        syncs.incrementAndGet();
    }

    private void syncFolder() throws IOException {
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for sync; the file's own force still holds its content.
            LOGGER.debug("cannot sync the folder {}", folder, e);
        }
    }

    /** Cuts whatever follows the last newline: the remains of a write a crash interrupted. */
    static void cutTornTail(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long end = size;
            ByteBuffer chunk = ByteBuffer.allocate(8192);
            while (end > 0) {
                int length = (int) Math.min(chunk.capacity(), end);
                chunk.clear().limit(length);
                long start = end - length;
                while (chunk.hasRemaining()) {
                    if (channel.read(chunk, start + chunk.position()) < 0) {
                        break;
                    }
                }
                for (int i = length - 1; i >= 0; i--) {
                    if (chunk.get(i) == '\n') {
                        long valid = start + i + 1;
                        if (valid < size) {
                            truncate(channel, file, size, valid);
                        }
                        return;
                    }
                }
                end = start;
            }
            if (size > 0) {
                truncate(channel, file, size, 0);
            }
        }
    }

    private static void truncate(FileChannel channel, Path file, long size, long valid) throws IOException {
        LOGGER.warn("Audit segment {}: cutting {} bytes of a record torn by a crash", file.getFileName(), size - valid);
        channel.truncate(valid);
        channel.force(false);
    }

    private static final class Pending {
        final LocalDate day;
        final byte[] line;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Pending(LocalDate day, byte[] line) {
            this.day = day;
            this.line = line;
        }
    }

    /** An open segment file: what is known written ({@code size}) and what this batch adds ({@code buffer}). */
    private final class Segment {
        final SegmentName name;
        final SegmentChannel channel;
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream(8192);
        long size;
        boolean retired;

        Segment(SegmentName name, SegmentChannel channel, long size) {
            this.name = name;
            this.channel = channel;
            this.size = size;
        }

        void writeBuffered() throws IOException {
            if (buffer.size() > 0) {
                channel.write(ByteBuffer.wrap(buffer.toByteArray()));
            }
        }

        void commit() {
            size += buffer.size();
            buffer.reset();
            if (retired) {
                if (unforced.remove(this)) {
                    try {
                        channel.force();
                    } catch (IOException e) {
                        LOGGER.error("The audit trail could not force {} before closing it", name.fileName(), e);
                    }
                }
                closeQuietly();
            }
        }

        /** Cuts what this batch may have written, so that the file ends with the last acknowledged record. */
        void rollback() {
            buffer.reset();
            try {
                channel.truncate(size);
            } catch (IOException e) {
                // Reopened (torn tail cut) at the next write of its day.
                closeQuietly();
                open.values().remove(this);
                unforced.remove(this);
            }
            if (retired) {
                closeQuietly();
            }
        }

        void closeQuietly() {
            try {
                channel.close();
            } catch (IOException e) {
                LOGGER.debug("closing {}", name.fileName(), e);
            }
        }
    }
}
