package fr.caducee.ldapengine;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The append side of the write-ahead journal, with group commit. {@link #append} only queues a frame in memory
 * (callers append in apply order, under their own lock); {@link #awaitDurable} returns once that frame is on disk.
 * The first waiter becomes the leader: it writes everything queued so far and forces it with one fdatasync, while
 * the others wait for it and the writers that arrive meanwhile form the next batch. Concurrent writers therefore
 * share fsyncs, and a lone writer pays one fsync per change.
 *
 * <p>An I/O error is final: the journal refuses every later append and wait, since whether the failed batch
 * reached the disk is unknown.
 */
final class Journal implements Closeable {

    private static final int INITIAL_BUFFER = 64 * 1024;
    /** A batch buffer grown beyond this (a bulk burst) is dropped after use rather than kept. */
    private static final int MAX_KEPT_BUFFER = 4 * 1024 * 1024;

    private final DataFolder folder;
    private final Object monitor = new Object();

    // The channel and segment number are only touched by the thread that holds the 'syncing' role.
    private FileChannel channel;
    private long segment;

    // Guarded by monitor.
    private ByteBuffer pending = ByteBuffer.allocate(INITIAL_BUFFER);
    private ByteBuffer spare = ByteBuffer.allocate(INITIAL_BUFFER);
    private long segmentBytes;
    private long appended;
    private long durable;
    private boolean syncing;
    private long syncCount;
    private IOException failure;

    private Journal(DataFolder folder, long segment, FileChannel channel, long segmentBytes) {
        this.folder = folder;
        this.segment = segment;
        this.channel = channel;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Opens segment {@code segment} for appending after its first {@code validLength} bytes, cutting off a torn
     * tail so new frames follow the last whole one (a reader stops at the first bad frame).
     */
    static Journal open(DataFolder folder, long segment, long validLength) throws IOException {
        Path path = folder.segment(segment);
        boolean created = !Files.exists(path);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            long length = validLength < JournalFormat.HEADER_LENGTH ? 0 : validLength;
            if (channel.size() > length) {
                channel.truncate(length);
            }
            channel.position(length);
            if (length == 0) {
                writeFully(channel, ByteBuffer.wrap(JournalFormat.header()));
                length = JournalFormat.HEADER_LENGTH;
            }
            channel.force(true);
            if (created) {
                folder.sync();
            }
            return new Journal(folder, segment, channel, length);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Queues a record; returns its sequence number, to pass to {@link #awaitDurable}. */
    long append(byte[] payload) throws IOException {
        int frameLength = JournalFormat.FRAME_OVERHEAD + payload.length;
        synchronized (monitor) {
            if (failure != null) {
                throw new IOException("The directory journal is unusable", failure);
            }
            if (pending.remaining() < frameLength) {
                ByteBuffer larger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + frameLength));
                pending.flip();
                larger.put(pending);
                pending = larger;
            }
            JournalFormat.writeFrame(pending, payload);
            segmentBytes += frameLength;
            return ++appended;
        }
    }

    /** Returns once record {@code sequence} and all before it are on disk. */
    void awaitDurable(long sequence) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                synchronized (monitor) {
                    while (true) {
                        if (durable >= sequence) {
                            return;
                        }
                        if (failure != null) {
                            throw new IOException("The directory journal is unusable", failure);
                        }
                        if (!syncing) {
                            syncing = true;
                            break;
                        }
                        try {
                            monitor.wait();
                        } catch (InterruptedException e) {
                            // The change is applied: the caller must not be answered before it is durable.
                            interrupted = true;
                        }
                    }
                }
                syncAsLeader();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Makes everything queued durable, then continues in a new segment; returns the new segment's number. The
     * caller holds the apply lock, so the new segment starts exactly after the last applied change.
     */
    long rotate() throws IOException {
        becomeLeader(true);
        try {
            flushQueued();
            long next = segment + 1;
            Journal successor = open(folder, next, 0);
            channel.close();
            synchronized (monitor) {
                channel = successor.channel;
                segment = next;
                segmentBytes = successor.segmentBytes;
            }
            return next;
        } catch (IOException e) {
            fail(e);
            throw e;
        } finally {
            releaseLeadership();
        }
    }

    /** Bytes in the current segment, queued frames included. */
    long segmentBytes() {
        synchronized (monitor) {
            return segmentBytes;
        }
    }

    boolean failed() {
        synchronized (monitor) {
            return failure != null;
        }
    }

    /** How many fsyncs have made batches durable; shows group commit at work. */
    long syncCount() {
        synchronized (monitor) {
            return syncCount;
        }
    }

    /** Makes queued records durable and closes the segment; later appends fail. */
    @Override
    public void close() throws IOException {
        becomeLeader(false);
        try {
            if (!failed()) {
                flushQueued();
            }
            channel.close();
            fail(new IOException("The directory journal is closed"));
        } finally {
            releaseLeadership();
        }
    }

    private void syncAsLeader() {
        try {
            flushQueued();
        } catch (IOException e) {
            fail(e);
        } finally {
            releaseLeadership();
        }
    }

    /** Writes and forces the queued batch; the caller holds the 'syncing' role. */
    private void flushQueued() throws IOException {
        ByteBuffer batch;
        long target;
        synchronized (monitor) {
            batch = pending;
            pending = spare;
            spare = null;
            target = appended;
        }
        batch.flip();
        if (batch.hasRemaining()) {
            writeFully(channel, batch);
            // fdatasync: the data and the file length, which is all a reader needs; no need for timestamps.
            channel.force(false);
        }
        synchronized (monitor) {
            durable = Math.max(durable, target);
            syncCount++;
            batch.clear();
            spare = batch.capacity() <= MAX_KEPT_BUFFER ? batch : ByteBuffer.allocate(INITIAL_BUFFER);
        }
    }

    private void becomeLeader(boolean refuseIfFailed) throws IOException {
        synchronized (monitor) {
            boolean interrupted = false;
            while (syncing) {
                try {
                    monitor.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (refuseIfFailed && failure != null) {
                throw new IOException("The directory journal is unusable", failure);
            }
            syncing = true;
        }
    }

    private void releaseLeadership() {
        synchronized (monitor) {
            syncing = false;
            monitor.notifyAll();
        }
    }

    private void fail(IOException e) {
        synchronized (monitor) {
            if (failure == null) {
                failure = e;
            }
            monitor.notifyAll();
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
