package fr.caducee.audit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The few file operations the writer needs, so that tests can make them fail as a full disk does. */
interface SegmentChannel extends Closeable {

    /** Appends the whole buffer at the end of the file. */
    void write(ByteBuffer bytes) throws IOException;

    /** fdatasync: the data and the length, which is all a reader needs. */
    void force() throws IOException;

    /** Cuts the file back to {@code length} bytes and continues from there. */
    void truncate(long length) throws IOException;

    long size() throws IOException;

    @FunctionalInterface
    interface Opener {
        SegmentChannel open(Path file) throws IOException;
    }

    /** Opens (creating it if needed) a segment for appending. */
    static SegmentChannel open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.position(channel.size());
        return new SegmentChannel() {
            @Override
            public void write(ByteBuffer bytes) throws IOException {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }

            @Override
            public void force() throws IOException {
                channel.force(false);
            }

            @Override
            public void truncate(long length) throws IOException {
                channel.truncate(length);
                channel.position(length);
            }

            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }
}
