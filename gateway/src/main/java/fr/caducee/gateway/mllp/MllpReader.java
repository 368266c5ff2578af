package fr.caducee.gateway.mllp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

import fr.caducee.rules.Rule;

/**
 * Reads MLLP frames (HL7 MLLP release 2: 0x0B, the message, 0x1C 0x0D) from a connection, at most
 * {@code maxBytes} a frame. A frame too large is read to its end and dropped ({@code hl7-too-large}: the connection
 * stays usable); bytes before a start block, or a connection closed inside a frame, are {@code hl7-framing}.
 *
 * <p>What release 2 leaves to the receiver, decided here: CR and LF between frames are tolerated silently (senders
 * that end a frame with 0x1C 0x0D 0x0A exist); any other byte outside a frame is skipped up to the next 0x0B and
 * reported once. HL7 content never holds 0x0B or 0x1C, so inside a frame 0x1C not followed by 0x0D ends the frame
 * and refuses it ({@code hl7-framing}: the sender learns its trailer is wrong rather than waiting for an answer that
 * never comes), and a second 0x0B means the first frame was cut: it is refused and the new one read.
 */
public final class MllpReader {
    private static final int START_BLOCK = MllpWriter.START_BLOCK;
    private static final int END_BLOCK = MllpWriter.END_BLOCK;
    private static final int CARRIAGE_RETURN = MllpWriter.CARRIAGE_RETURN;
    private static final int LINE_FEED = 0x0A;
    private static final int NONE = -2;
    private static final int INITIAL_CAPACITY = 8 * 1024;

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[8 * 1024];
    private int position;
    private int limit;
    private int pushedBack = NONE;
    /** A start block was consumed by the previous call (after garbage, or cutting a frame short). */
    private boolean insideFrame;
    /** Garbage after a refused frame belongs to that refusal: not reported a second time. */
    private boolean garbageReported;

    public MllpReader(InputStream in, int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, found " + maxBytes);
        }
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /**
     * The next frame's payload; empty at the end of the stream between frames.
     *
     * @throws MllpFramingException a frame that cannot be taken (its rule says why); reading may go on after it
     *     unless {@link MllpFramingException#connectionLost()}
     */
    public Optional<byte[]> next() throws IOException, MllpFramingException {
        if (!insideFrame) {
            skipToStartBlock();
            if (!insideFrame) {
                return Optional.empty();
            }
        }
        insideFrame = false;
        garbageReported = false;
        return Optional.of(readFrame());
    }

    /** Reads up to the next start block; throws once when something other than CR/LF came before it. */
    private void skipToStartBlock() throws IOException, MllpFramingException {
        long skipped = 0;
        int b;
        while ((b = read()) != -1) {
            if (b == START_BLOCK) {
                insideFrame = true;
                break;
            }
            if (b != CARRIAGE_RETURN && b != LINE_FEED) {
                skipped++;
            }
        }
        if (skipped > 0 && !garbageReported) {
            garbageReported = true;
            throw new MllpFramingException(Rule.HL7_FRAMING, skipped + " byte(s) arrived outside an MLLP frame and "
                + "were ignored: start every message with 0x0B and end it with 0x1C 0x0D (MLLP release 2)",
                !insideFrame);
        }
    }

    private byte[] readFrame() throws IOException, MllpFramingException {
        byte[] content = new byte[Math.min(INITIAL_CAPACITY, maxBytes)];
        int length = 0;
        long total = 0;
        int b;
        while ((b = read()) != -1) {
            if (b == END_BLOCK) {
                int after = read();
                if (after == CARRIAGE_RETURN) {
                    if (total > maxBytes) {
                        throw new MllpFramingException(Rule.HL7_TOO_LARGE, "the frame holds " + total
                            + " bytes, more than the " + maxBytes + " bytes a message may have here; it was dropped",
                            false);
                    }
                    return Arrays.copyOf(content, length);
                }
                if (after == -1) {
                    break;
                }
                pushedBack = after;
                garbageReported = true;
                throw new MllpFramingException(Rule.HL7_FRAMING, "the frame's end block 0x1C is followed by "
                    + String.format("0x%02X", after) + ", not 0x0D: end every message with 0x1C 0x0D (MLLP release 2)",
                    false);
            }
            if (b == START_BLOCK) {
                insideFrame = true;
                throw new MllpFramingException(Rule.HL7_FRAMING, "a new frame (0x0B) began before the previous one "
                    + "ended with 0x1C 0x0D; the cut frame (" + total + " bytes) was dropped", false);
            }
            total++;
            if (total <= maxBytes) {
                if (length == content.length) {
                    content = Arrays.copyOf(content, (int) Math.min((long) maxBytes, 2L * content.length));
                }
                content[length++] = (byte) b;
            } else if (content.length > 0) {
                // Past the bound: what was kept is let go, the rest is only counted to find the frame's end.
                content = new byte[0];
                length = 0;
            }
        }
        throw new MllpFramingException(Rule.HL7_FRAMING, "the connection closed inside a frame, after " + total
            + " bytes and before its end block 0x1C 0x0D", true);
    }

    private int read() throws IOException {
        if (pushedBack != NONE) {
            int b = pushedBack;
            pushedBack = NONE;
            return b;
        }
        if (position == limit) {
            int n = in.read(buffer, 0, buffer.length);
            while (n == 0) {
                n = in.read(buffer, 0, buffer.length);
            }
            if (n < 0) {
                return -1;
            }
            position = 0;
            limit = n;
        }
        return buffer[position++] & 0xFF;
    }
}
