package fr.caducee.gateway.mllp;

import java.io.IOException;
import java.io.OutputStream;

/** Writes one MLLP frame and flushes it. */
public final class MllpWriter {
    public static final int START_BLOCK = 0x0B;
    public static final int END_BLOCK = 0x1C;
    public static final int CARRIAGE_RETURN = 0x0D;

    private MllpWriter() {
    }

    public static void write(OutputStream out, byte[] payload) throws IOException {
        out.write(START_BLOCK);
        out.write(payload);
        out.write(END_BLOCK);
        out.write(CARRIAGE_RETURN);
        out.flush();
    }
}
