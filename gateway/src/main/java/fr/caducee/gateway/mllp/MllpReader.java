package fr.caducee.gateway.mllp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads MLLP frames (HL7 MLLP release 2: 0x0B, the message, 0x1C 0x0D) from a connection, at most
 * {@code maxBytes} a frame. A frame too large is read to its end and dropped ({@code hl7-too-large}: the connection
 * stays usable); bytes before a start block, or a connection closed inside a frame, are {@code hl7-framing}.
 */
public final class MllpReader {
    private final InputStream in;
    private final int maxBytes;

    public MllpReader(InputStream in, int maxBytes) {
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
        throw new UnsupportedOperationException("to be written");
    }
}
