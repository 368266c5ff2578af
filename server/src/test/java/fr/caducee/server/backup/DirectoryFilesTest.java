package fr.caducee.server.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryFilesTest {
    @TempDir
    Path temp;

    @Test
    void theHighestSnapshotAndTheSegmentsFromItsNumberOnAreCopied() {
        assertThat(DirectoryFiles.toCopy(List.of("journal-0000000000000002.log", "snapshot-0000000000000003.ldif",
                "journal-0000000000000003.log", "journal-0000000000000004.log", "lock",
                "snapshot-0000000000000004.ldif.tmp")))
            .containsExactly("snapshot-0000000000000003.ldif", "journal-0000000000000003.log",
                "journal-0000000000000004.log");
    }

    @Test
    void withoutASnapshotEveryJournalSegmentIsCopied() {
        assertThat(DirectoryFiles.toCopy(List.of("lock", "journal-0000000000000001.log")))
            .containsExactly("journal-0000000000000001.log");
    }

    @Test
    void theLockIsLeftBehind() throws Exception {
        Path directory = Files.createDirectories(temp.resolve("directory"));
        Files.writeString(directory.resolve("lock"), "");
        Files.writeString(directory.resolve("journal-0000000000000001.log"), "records");
        BackupFolder backup = BackupFolder.create(temp.resolve("backup"));

        assertThat(DirectoryFiles.copy(directory, backup, "var/directory")).isEqualTo(1);
        assertThat(backup.files()).extracting(BackupManifest.FileEntry::path)
            .containsExactly("var/directory/journal-0000000000000001.log");
    }
}
