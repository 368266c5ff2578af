package fr.caducee.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Segment files that fail on demand as a full disk does, or hold the writer in a force. */
final class FaultyChannels implements SegmentChannel.Opener {
    volatile boolean diskFull;
    volatile CountDownLatch holdForce;
    final CountDownLatch forceEntered = new CountDownLatch(1);
    final AtomicInteger forces = new AtomicInteger();

    @Override
    public SegmentChannel open(Path file) throws IOException {
        SegmentChannel real = SegmentChannel.open(file);
        return new SegmentChannel() {
            @Override
            public void write(ByteBuffer bytes) throws IOException {
                if (diskFull) {
                    // Half the batch reaches the file, as when the disk fills in the middle of a write.
                    ByteBuffer half = bytes.duplicate();
                    half.limit(bytes.position() + bytes.remaining() / 2);
                    real.write(half);
                    throw new IOException("No space left on device");
                }
                real.write(bytes);
            }

            @Override
            public void force() throws IOException {
                forces.incrementAndGet();
                CountDownLatch hold = holdForce;
                if (hold != null) {
                    forceEntered.countDown();
                    try {
                        hold.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                real.force();
            }

            @Override
            public void truncate(long length) throws IOException {
                real.truncate(length);
            }

            @Override
            public long size() throws IOException {
                return real.size();
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        };
    }
}
