package fr.caducee.ldapengine;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * The byte layout of a journal segment: an 8-byte header ("CADJ", version 1), then one frame per record: payload
 * length (4 bytes, big-endian), CRC32 of the payload (4 bytes), payload. A crash can leave the last frame torn
 * (short, zero-filled or garbled); the CRC tells, and reading stops at the last whole frame.
 */
final class JournalFormat {

    static final int HEADER_LENGTH = 8;
    static final int FRAME_OVERHEAD = 8;
    /** Far above any real change record; a larger length can only be a torn or corrupt frame. */
    static final int MAX_PAYLOAD = 64 * 1024 * 1024;

    private static final byte[] HEADER = {'C', 'A', 'D', 'J', 0, 0, 0, 1};

    private JournalFormat() {
    }

    static byte[] header() {
        return HEADER.clone();
    }

    static void writeFrame(ByteBuffer target, byte[] payload) {
        target.putInt(payload.length);
        target.putInt(crc(payload));
        target.put(payload);
    }

    /**
     * Hands every whole record of a segment to {@code records}, in order.
     *
     * @return the length of the valid prefix (header and whole frames); shorter than the file when its tail is torn
     */
    static long read(Path segment, Consumer<byte[]> records) throws IOException {
        long fileLength = Files.size(segment);
        try (InputStream file = Files.newInputStream(segment);
             DataInputStream in = new DataInputStream(new BufferedInputStream(file, 1 << 16))) {
            byte[] header = new byte[HEADER_LENGTH];
            if (fileLength < HEADER_LENGTH) {
                // Created but its header never reached the disk: an empty segment.
                return 0;
            }
            in.readFully(header);
            if (Arrays.equals(header, new byte[HEADER_LENGTH])) {
                // Space allocated but the header never written: as empty as a shorter file.
                return 0;
            }
            if (!Arrays.equals(header, HEADER)) {
                throw new IOException(segment + " is not a journal segment (bad header)");
            }
            long valid = HEADER_LENGTH;
            while (valid + FRAME_OVERHEAD <= fileLength) {
                int length = in.readInt();
                int crc = in.readInt();
                if (length <= 0 || length > MAX_PAYLOAD || valid + FRAME_OVERHEAD + length > fileLength) {
                    break;
                }
                byte[] payload = new byte[length];
                try {
                    in.readFully(payload);
                } catch (EOFException e) {
                    break;
                }
                if (crc(payload) != crc) {
                    break;
                }
                records.accept(payload);
                valid += FRAME_OVERHEAD + length;
            }
            return valid;
        }
    }

    private static int crc(byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(payload);
        return (int) crc.getValue();
    }
}
