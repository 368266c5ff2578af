package fr.caducee.ldapengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;

/** Starting from what a crash leaves in the data folder, at each step of writing and compacting. */
class RecoveryTest {

    private static final String BASE = "o=caducee";

    @TempDir
    Path data;

    private EmbeddedLdapServer start() throws Exception {
        return EmbeddedLdapServer.start(TestTree.DEFINITION, EmbeddedLdapConfig.defaults(data).withListener("127.0.0.1", 0));
    }

    private void addBoxes(EmbeddedLdapServer server, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            server.directory().add(TestEntries.box(BASE, i));
        }
    }

    private int boxCount(EmbeddedLdapServer server) {
        return server.entryCount() - TestTree.DEFINITION.skeleton(BASE).size();
    }

    @Test
    void aTornRecordAtTheEndOfTheJournalIsIgnoredAndLaterWritesAreKept() throws Exception {
        try (EmbeddedLdapServer server = start()) {
            addBoxes(server, 0, 20);
        }
        Path segment = new DataFolder(data).segment(1);
        Files.write(segment, ByteBuffer.allocate(11).putInt(500).putInt(12345).put(new byte[] {'d', 'n', ':'}).array(),
                StandardOpenOption.APPEND);

        try (EmbeddedLdapServer server = start()) {
            assertThat(boxCount(server)).isEqualTo(20);
            addBoxes(server, 20, 25);
        }
        try (EmbeddedLdapServer server = start()) {
            assertThat(boxCount(server)).isEqualTo(25);
            assertThat(server.directory().getEntry(TestEntries.boxDn(BASE, 24))).isNotNull();
        }
    }

    @Test
    void compactionKeepsEverythingAndDropsTheCoveredSegments() throws Exception {
        try (EmbeddedLdapServer server = start()) {
            addBoxes(server, 0, 50);
            assertThat(server.directory().getEntry(TestEntries.boxDn(BASE, 0))).isNotNull();
            server.compact();
            addBoxes(server, 50, 60);
            server.directory().modify(TestEntries.boxDn(BASE, 3),
                    new Modification(ModificationType.REPLACE, "cadStatus", "suspended"));
            server.directory().delete(TestEntries.boxDn(BASE, 4));
        }
        DataFolder folder = new DataFolder(data);
        assertThat(folder.snapshots()).containsExactly(2L);
        assertThat(folder.segments()).containsExactly(2L);

        try (EmbeddedLdapServer server = start()) {
            assertThat(boxCount(server)).isEqualTo(59);
            assertThat(server.directory().getEntry(TestEntries.boxDn(BASE, 3)).getAttributeValue("cadStatus"))
                    .isEqualTo("suspended");
            assertThat(server.directory().getEntry(TestEntries.boxDn(BASE, 4))).isNull();
        }
    }

    @Test
    void aCrashAfterTheSnapshotIsPublishedButBeforeOldSegmentsAreDeletedReplaysNothingTwice() throws Exception {
        Path saved = Files.createTempDirectory(data.getParent(), "segments");
        try (EmbeddedLdapServer server = start()) {
            addBoxes(server, 0, 30);
            Files.copy(new DataFolder(data).segment(1), saved.resolve("segment-1"));
            server.compact();
            addBoxes(server, 30, 35);
        }
        // Put back the segment compaction deleted, as if the crash came just before the deletion.
        Files.copy(saved.resolve("segment-1"), new DataFolder(data).segment(1));

        try (EmbeddedLdapServer server = start()) {
            // Replaying segment 1 over snapshot 2 would fail on entries that already exist.
            assertThat(boxCount(server)).isEqualTo(35);
        }
        assertThat(new DataFolder(data).segments()).containsExactly(2L);
    }

    @Test
    void aCrashWhileTheSnapshotIsWrittenFallsBackOnThePreviousSnapshotAndEverySegmentSince() throws Exception {
        try (EmbeddedLdapServer server = start()) {
            addBoxes(server, 0, 10);
            server.compact();
            addBoxes(server, 10, 20);
        }
        // Compaction had rotated to segment 3 and was writing snapshot 3 when the process died.
        DataFolder folder = new DataFolder(data);
        Files.copy(folder.snapshot(2), folder.temporarySnapshot(3));
        try (FileChannel tmp = FileChannel.open(folder.temporarySnapshot(3), StandardOpenOption.WRITE)) {
            tmp.truncate(tmp.size() / 2);
        }
        try (Journal journal = Journal.open(folder, 3, 0)) {
            assertThat(journal.segmentBytes()).isEqualTo(JournalFormat.HEADER_LENGTH);
        }

        try (EmbeddedLdapServer server = start()) {
            assertThat(boxCount(server)).isEqualTo(20);
            addBoxes(server, 20, 21);
        }
        assertThat(Files.exists(folder.temporarySnapshot(3))).isFalse();
        try (EmbeddedLdapServer server = start()) {
            assertThat(boxCount(server)).isEqualTo(21);
        }
    }

    @Test
    void theJournalCompactsItselfPastTheThreshold() throws Exception {
        EmbeddedLdapConfig config = EmbeddedLdapConfig.defaults(data).withListener("127.0.0.1", 0)
                .withCompactionThreshold(16 * 1024);
        try (EmbeddedLdapServer server = EmbeddedLdapServer.start(TestTree.DEFINITION, config, 20)) {
            addBoxes(server, 0, 200);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (new DataFolder(data).snapshots().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(new DataFolder(data).snapshots()).isNotEmpty();
        }
        try (EmbeddedLdapServer server = start()) {
            assertThat(boxCount(server)).isEqualTo(200);
        }
    }

    @Test
    void aMissingSegmentStopsTheStartInsteadOfLosingChanges() throws Exception {
        try (EmbeddedLdapServer server = start()) {
            addBoxes(server, 0, 5);
            server.compact();
            addBoxes(server, 5, 10);
        }
        DataFolder folder = new DataFolder(data);
        Files.move(folder.segment(2), data.resolve("elsewhere"));
        Files.copy(data.resolve("elsewhere"), folder.segment(3), StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(this::start).isInstanceOf(IOException.class).hasMessageContaining("missing");
    }

    @Test
    void damageBeforeTheLastSegmentStopsTheStart() throws Exception {
        try (EmbeddedLdapServer server = start()) {
            addBoxes(server, 0, 5);
        }
        DataFolder folder = new DataFolder(data);
        Files.copy(folder.segment(1), folder.segment(2));
        Files.write(folder.segment(1), new byte[] {0, 0, 0, 9}, StandardOpenOption.APPEND);

        assertThatThrownBy(this::start).isInstanceOf(IOException.class).hasMessageContaining("damaged");
    }
}
