package fr.caducee.ldapengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path dir;

    private static byte[] record(int n) {
        return ("record " + n).getBytes(StandardCharsets.UTF_8);
    }

    private List<String> read(Path segment) throws IOException {
        List<String> records = new ArrayList<>();
        JournalFormat.read(segment, payload -> records.add(new String(payload, StandardCharsets.UTF_8)));
        return records;
    }

    private static void appendBytes(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    @Test
    void recordsAreDurableInAppendOrder() throws IOException {
        DataFolder folder = new DataFolder(dir);
        try (Journal journal = Journal.open(folder, 1, 0)) {
            long last = 0;
            for (int i = 0; i < 10; i++) {
                last = journal.append(record(i));
            }
            journal.awaitDurable(last);
        }
        assertThat(read(folder.segment(1))).containsExactly(
                "record 0", "record 1", "record 2", "record 3", "record 4",
                "record 5", "record 6", "record 7", "record 8", "record 9");
    }

    @Test
    void aTornLastFrameIsIgnoredAndCutOffBeforeNewRecords() throws IOException {
        DataFolder folder = new DataFolder(dir);
        try (Journal journal = Journal.open(folder, 1, 0)) {
            journal.awaitDurable(journal.append(record(1)));
            journal.awaitDurable(journal.append(record(2)));
        }
        Path segment = folder.segment(1);
        long whole = Files.size(segment);
        // A frame whose length promises more than was written, as a crash mid-write leaves it.
        appendBytes(segment, ByteBuffer.allocate(4096).putInt(10_000).putInt(0).putInt(0x41424344).array());

        long valid = JournalFormat.read(segment, payload -> { });
        assertThat(valid).isEqualTo(whole);
        assertThat(read(segment)).containsExactly("record 1", "record 2");

        try (Journal journal = Journal.open(folder, 1, valid)) {
            journal.awaitDurable(journal.append(record(3)));
        }
        assertThat(read(segment)).containsExactly("record 1", "record 2", "record 3");
        assertThat(Files.size(segment)).isEqualTo(whole + JournalFormat.FRAME_OVERHEAD + record(3).length);
    }

    @Test
    void aFrameWithABadChecksumEndsTheReadableJournal() throws IOException {
        DataFolder folder = new DataFolder(dir);
        try (Journal journal = Journal.open(folder, 1, 0)) {
            journal.append(record(1));
            journal.awaitDurable(journal.append(record(2)));
        }
        Path segment = folder.segment(1);
        long size = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {'X'}), size - 1);
        }

        assertThat(read(segment)).containsExactly("record 1");
    }

    @Test
    void aZeroFilledTailIsIgnored() throws IOException {
        DataFolder folder = new DataFolder(dir);
        try (Journal journal = Journal.open(folder, 1, 0)) {
            journal.awaitDurable(journal.append(record(1)));
        }
        appendBytes(folder.segment(1), new byte[4096]);

        assertThat(read(folder.segment(1))).containsExactly("record 1");
    }

    @Test
    void concurrentWritersShareFsyncs() throws Exception {
        DataFolder folder = new DataFolder(dir);
        int writers = 8;
        int perWriter = 200;
        try (Journal journal = Journal.open(folder, 1, 0)) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        journal.awaitDurable(journal.append(record(writer * perWriter + i)));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            pool.shutdown();
            assertThat(journal.syncCount()).isLessThan(writers * perWriter);
        }
        assertThat(read(folder.segment(1))).hasSize(writers * perWriter);
    }

    @Test
    void rotationFlushesTheCurrentSegmentAndContinuesInTheNext() throws IOException {
        DataFolder folder = new DataFolder(dir);
        try (Journal journal = Journal.open(folder, 1, 0)) {
            journal.append(record(1));
            assertThat(journal.rotate()).isEqualTo(2);
            journal.awaitDurable(journal.append(record(2)));
        }
        assertThat(read(folder.segment(1))).containsExactly("record 1");
        assertThat(read(folder.segment(2))).containsExactly("record 2");
    }

    @Test
    void aClosedJournalRefusesAppends() throws IOException {
        Journal journal = Journal.open(new DataFolder(dir), 1, 0);
        journal.close();

        assertThat(journal.failed()).isTrue();
        assertThatThrownBy(() -> journal.append(record(1))).isInstanceOf(IOException.class);
    }

    @Test
    void aSegmentWhoseHeaderNeverReachedTheDiskReadsAsEmpty() throws IOException {
        Path segment = new DataFolder(dir).segment(1);
        Files.write(segment, new byte[JournalFormat.HEADER_LENGTH + 20]);

        assertThat(JournalFormat.read(segment, payload -> { })).isZero();
    }

    @Test
    void aFileThatIsNotASegmentIsRefused() throws IOException {
        Path bogus = dir.resolve("journal-0000000000000001.log");
        Files.writeString(bogus, "not a journal at all");

        assertThatThrownBy(() -> JournalFormat.read(bogus, payload -> { })).isInstanceOf(IOException.class)
                .hasMessageContaining("bad header");
    }
}
