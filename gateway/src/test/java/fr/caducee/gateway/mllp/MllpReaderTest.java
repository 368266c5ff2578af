package fr.caducee.gateway.mllp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import fr.caducee.rules.Rule;

class MllpReaderTest {
    private static final String MESSAGE = "MSH|^~\\&|GAM|CHU-X|DPI|CHU-X|20240306111154||ADT^A01|1|P|2.5\r";

    @Test
    void framesAreReadOneAfterTheOtherThenTheEndOfTheStreamBetweenFramesIsEmpty() throws Exception {
        MllpReader reader = reader(bytes(frame("one"), frame("two")), 1024);

        assertThat(text(reader.next().orElseThrow())).isEqualTo("one");
        assertThat(text(reader.next().orElseThrow())).isEqualTo("two");
        assertThat(reader.next()).isEmpty();
        assertThat(reader.next()).isEmpty();
    }

    @Test
    void anHl7MessageComesOutByteForByte() throws Exception {
        byte[] payload = ("MSH|^~\\&|A|B|C|D|2024||ADT^A01|1|P|2.5|||||FRA|UNICODE UTF-8\rPID|||1||PAT-TROIS^Hélène\r")
            .getBytes(StandardCharsets.UTF_8);

        assertThat(reader(frame(payload), 1024).next()).hasValueSatisfying(read -> assertThat(read).isEqualTo(payload));
    }

    @Test
    void anEmptyStreamHasNoFrame() throws Exception {
        assertThat(reader(new byte[0], 10).next()).isEmpty();
    }

    @Test
    void carriageReturnsAndLineFeedsBetweenFramesAreTolerated() throws Exception {
        MllpReader reader = reader(bytes("\r\n".getBytes(StandardCharsets.US_ASCII), frame("one"),
            "\n".getBytes(StandardCharsets.US_ASCII), frame("two"), "\r\n".getBytes(StandardCharsets.US_ASCII)), 1024);

        assertThat(text(reader.next().orElseThrow())).isEqualTo("one");
        assertThat(text(reader.next().orElseThrow())).isEqualTo("two");
        assertThat(reader.next()).isEmpty();
    }

    @Test
    void bytesBeforeTheStartBlockAreSkippedAndReportedOnceThenTheFrameIsRead() throws Exception {
        MllpReader reader = reader(bytes("HELLO garbage".getBytes(StandardCharsets.US_ASCII), frame(MESSAGE)), 1024);

        assertThatThrownBy(reader::next).isInstanceOfSatisfying(MllpFramingException.class, e -> {
            assertThat(e.rule()).isEqualTo(Rule.HL7_FRAMING);
            assertThat(e.connectionLost()).isFalse();
            assertThat(e.getMessage()).contains("13 byte(s)").contains("0x0B");
        });
        assertThat(text(reader.next().orElseThrow())).isEqualTo(MESSAGE);
        assertThat(reader.next()).isEmpty();
    }

    @Test
    void anHl7MessageSentWithoutAnyFramingIsReportedOnceAndTheStreamThenEnds() throws Exception {
        MllpReader reader = reader(MESSAGE.getBytes(StandardCharsets.US_ASCII), 1024);

        assertThatThrownBy(reader::next).isInstanceOfSatisfying(MllpFramingException.class, e -> {
            assertThat(e.rule()).isEqualTo(Rule.HL7_FRAMING);
            assertThat(e.connectionLost()).isTrue();
        });
        assertThat(reader.next()).isEmpty();
    }

    @Test
    void aFrameOverTheBoundIsReadToItsEndAndRefusedAndTheConnectionGoesOn() throws Exception {
        byte[] big = new byte[5000];
        Arrays.fill(big, (byte) 'A');
        MllpReader reader = reader(bytes(frame(big), frame("after")), 1000);

        assertThatThrownBy(reader::next).isInstanceOfSatisfying(MllpFramingException.class, e -> {
            assertThat(e.rule()).isEqualTo(Rule.HL7_TOO_LARGE);
            assertThat(e.connectionLost()).isFalse();
            assertThat(e.getMessage()).contains("5000 bytes").contains("1000 bytes");
        });
        assertThat(text(reader.next().orElseThrow())).isEqualTo("after");
    }

    @Test
    void aFrameOfExactlyTheBoundIsTaken() throws Exception {
        byte[] payload = new byte[1000];
        Arrays.fill(payload, (byte) 'B');

        assertThat(reader(frame(payload), 1000).next()).hasValueSatisfying(read -> assertThat(read).hasSize(1000));
    }

    @Test
    void aFiftyMegabyteFrameIsDroppedWithoutBeingHeldInMemory() throws Exception {
        long size = 50L * 1024 * 1024;
        InputStream stream = new GeneratedFrame(size);
        MllpReader reader = new MllpReader(stream, 1024 * 1024);
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();

        assertThatThrownBy(reader::next).isInstanceOfSatisfying(MllpFramingException.class,
            e -> assertThat(e.rule()).isEqualTo(Rule.HL7_TOO_LARGE));
        System.gc();
        long after = runtime.totalMemory() - runtime.freeMemory();
        assertThat(after - before).as("memory kept by the reader after the frame").isLessThan(8L * 1024 * 1024);
        assertThat(reader.next()).isEmpty();
    }

    @Test
    void theConnectionClosingInsideAFrameIsAFramingErrorWithNobodyToAnswer() throws Exception {
        byte[] cut = Arrays.copyOf(frame(MESSAGE), 20);

        assertThatThrownBy(reader(cut, 1024)::next).isInstanceOfSatisfying(MllpFramingException.class, e -> {
            assertThat(e.rule()).isEqualTo(Rule.HL7_FRAMING);
            assertThat(e.connectionLost()).isTrue();
        });
    }

    @Test
    void theConnectionClosingBetweenTheEndBlockAndItsCarriageReturnIsLost() throws Exception {
        byte[] cut = Arrays.copyOf(frame(MESSAGE), frame(MESSAGE).length - 1);

        assertThatThrownBy(reader(cut, 1024)::next).isInstanceOfSatisfying(MllpFramingException.class,
            e -> assertThat(e.connectionLost()).isTrue());
    }

    @Test
    void anEndBlockNotFollowedByCarriageReturnEndsTheFrameAndRefusesItThenTheNextFrameIsRead() throws Exception {
        byte[] badTrailer = bytes(new byte[] {0x0B}, MESSAGE.getBytes(StandardCharsets.US_ASCII),
            new byte[] {0x1C, 0x0A});
        MllpReader reader = reader(bytes(badTrailer, frame("next")), 1024);

        assertThatThrownBy(reader::next).isInstanceOfSatisfying(MllpFramingException.class, e -> {
            assertThat(e.rule()).isEqualTo(Rule.HL7_FRAMING);
            assertThat(e.connectionLost()).isFalse();
            assertThat(e.getMessage()).contains("0x0A");
        });
        assertThat(text(reader.next().orElseThrow())).isEqualTo("next");
    }

    @Test
    void anEndBlockFollowedByAStartBlockRefusesTheFirstFrameAndReadsTheSecond() throws Exception {
        byte[] stream = bytes(new byte[] {0x0B}, "first".getBytes(StandardCharsets.US_ASCII), new byte[] {0x1C},
            frame("second"));
        MllpReader reader = reader(stream, 1024);

        assertThatThrownBy(reader::next).isInstanceOf(MllpFramingException.class);
        assertThat(text(reader.next().orElseThrow())).isEqualTo("second");
    }

    @Test
    void aStartBlockInsideAFrameRefusesTheCutFrameAndReadsTheNewOne() throws Exception {
        byte[] stream = bytes(new byte[] {0x0B}, "cut short".getBytes(StandardCharsets.US_ASCII), frame("whole"));
        MllpReader reader = reader(stream, 1024);

        assertThatThrownBy(reader::next).isInstanceOfSatisfying(MllpFramingException.class, e -> {
            assertThat(e.rule()).isEqualTo(Rule.HL7_FRAMING);
            assertThat(e.getMessage()).contains("9 bytes");
        });
        assertThat(text(reader.next().orElseThrow())).isEqualTo("whole");
    }

    @Test
    void aStreamDeliveringOneByteAtATimeGivesTheSameFrames() throws Exception {
        InputStream trickle = new ByteArrayInputStream(bytes(frame("one"), frame("two"))) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        MllpReader reader = new MllpReader(trickle, 1024);

        assertThat(text(reader.next().orElseThrow())).isEqualTo("one");
        assertThat(text(reader.next().orElseThrow())).isEqualTo("two");
    }

    @Test
    void whatTheWriterFramesTheReaderReads() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MllpWriter.write(out, MESSAGE.getBytes(StandardCharsets.US_ASCII));

        assertThat(text(reader(out.toByteArray(), 1024).next().orElseThrow())).isEqualTo(MESSAGE);
    }

    private static MllpReader reader(byte[] stream, int maxBytes) {
        return new MllpReader(new ByteArrayInputStream(stream), maxBytes);
    }

    private static byte[] frame(String payload) {
        return frame(payload.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] frame(byte[] payload) {
        return bytes(new byte[] {0x0B}, payload, new byte[] {0x1C, 0x0D});
    }

    private static byte[] bytes(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String text(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** One frame of {@code size} bytes of content, generated as it is read. */
    private static final class GeneratedFrame extends InputStream {
        private final long size;
        private long served;

        GeneratedFrame(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            long at = served++;
            if (at == 0) {
                return 0x0B;
            }
            if (at <= size) {
                return 'X';
            }
            if (at == size + 1) {
                return 0x1C;
            }
            if (at == size + 2) {
                return 0x0D;
            }
            return -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (served > size + 2) {
                return -1;
            }
            int n = 0;
            while (n < len) {
                int c = read();
                if (c == -1) {
                    break;
                }
                b[off + n++] = (byte) c;
            }
            return n == 0 ? -1 : n;
        }
    }
}
