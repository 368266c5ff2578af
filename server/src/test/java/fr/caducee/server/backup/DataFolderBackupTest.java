package fr.caducee.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderBackupTest {
    @TempDir
    Path temp;

    @Test
    void aDataFolderWithoutManagedDatabaseSaysTheDatabaseIsTheOperatorsToBackUpFirst() throws Exception {
        Path data = dataFolder();

        BackupManifest manifest = new DataFolderBackup(data, data.resolve("var/audit")).takeInto(temp.resolve("b"));

        assertThat(manifest.database()).isEqualTo("external");
        assertThat(manifest.parts()).extracting(BackupManifest.Part::name)
            .containsExactly("database", "directory", "audit", "files");
        assertThat(manifest.parts().get(0).note()).contains("caducee.db.mode=external", "BEFORE");
        assertThat(manifest.files()).extracting(BackupManifest.FileEntry::path).containsExactlyInAnyOrder(
            "var/directory/journal-0000000000000001.log", "var/audit/audit-2026-12-07.jsonl", "pki/server.p12");
        assertThat(temp.resolve("b/manifest.json")).exists();
    }

    @Test
    void aBackupIntoTheDataFoldersOwnStateIsRefused() throws Exception {
        Path data = dataFolder();

        assertThatThrownBy(() -> new DataFolderBackup(data, data.resolve("var/audit"))
                .takeInto(data.resolve("var/backup")))
            .isInstanceOf(DataFolderBackup.RefusedException.class).hasMessageContaining("another folder");
    }

    @Test
    void theManifestReadsBackAsItWasWritten() throws Exception {
        Path data = dataFolder();
        BackupManifest written = new DataFolderBackup(data, data.resolve("var/audit")).takeInto(temp.resolve("b"));

        assertThat(BackupManifest.readFrom(temp.resolve("b"))).isEqualTo(written);
    }

    private Path dataFolder() throws Exception {
        Path data = temp.resolve("data");
        Files.createDirectories(data.resolve("pki"));
        Files.writeString(data.resolve("pki/server.p12"), "keystore");
        Files.createDirectories(data.resolve("var/directory"));
        Files.writeString(data.resolve("var/directory/journal-0000000000000001.log"), "journal");
        Files.writeString(data.resolve("var/directory/lock"), "");
        Files.createDirectories(data.resolve("var/audit"));
        Files.writeString(data.resolve("var/audit/audit-2026-12-07.jsonl"), "{}\n");
        Files.createDirectories(data.resolve("log"));
        Files.writeString(data.resolve("log/caducee.log"), "log");
        return data;
    }
}
