package fr.caducee.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderRestoreTest {
    @TempDir
    Path temp;

    @Test
    void aWholeBackupVerifiesAndRestoresItsFilesOwnerOnly() throws Exception {
        Path backup = backupOf(stoppedDataFolder());

        assertThat(new DataFolderRestore(backup).verify()).isEmpty();
        new DataFolderRestore(backup).restoreInto(temp.resolve("restored"), false);

        assertThat(temp.resolve("restored/pki/server.p12")).hasContent("keystore");
        assertThat(temp.resolve("restored/var/mail/error/m1")).hasContent("mail");
        assertThat(Files.getPosixFilePermissions(temp.resolve("restored/pki/server.p12")))
            .isEqualTo(BackupFolder.OWNER_ONLY_FILE);
    }

    @Test
    void aChangedOrMissingFileIsNamed() throws Exception {
        Path backup = backupOf(stoppedDataFolder());
        Files.writeString(backup.resolve("pki/server.p12"), "keystorE");
        Files.delete(backup.resolve("var/mail/error/m1"));

        List<String> problems = new DataFolderRestore(backup).verify();

        assertThat(problems).containsExactlyInAnyOrder(
            "pki/server.p12: its SHA-256 differs from the manifest's (damaged)", "var/mail/error/m1: missing");
    }

    @Test
    void aRestoreOverANonEmptyFolderIsRefusedUnlessForced() throws Exception {
        Path backup = backupOf(stoppedDataFolder());
        Path target = Files.createDirectories(temp.resolve("in-use"));
        Files.writeString(target.resolve("old"), "old");

        assertThatThrownBy(() -> new DataFolderRestore(backup).restoreInto(target, false))
            .isInstanceOf(DataFolderRestore.RefusedException.class).hasMessageContaining("is not empty");
        new DataFolderRestore(backup).restoreInto(target, true);

        assertThat(target.resolve("old")).doesNotExist();
        assertThat(target.resolve("pki/server.p12")).exists();
    }

    @Test
    void aBackupOfAnotherMajorVersionIsRefused() throws Exception {
        Path backup = backupOf(stoppedDataFolder());
        BackupManifest manifest = BackupManifest.readFrom(backup);
        new BackupManifest(manifest.format(), "97.0.0", manifest.started(), manifest.finished(), manifest.database(),
            "", "", manifest.parts(), manifest.folders(), manifest.files()).writeTo(backup);

        if (!CaduceeVersion.current().equals(CaduceeVersion.UNKNOWN)) {
            assertThatThrownBy(() -> new DataFolderRestore(backup).restoreInto(temp.resolve("restored"), false))
                .isInstanceOf(DataFolderRestore.RefusedException.class).hasMessageContaining("Caducée 97.0.0");
        }
        assertThat(CaduceeVersion.sameMajor("97.0.0", "0.1.0")).isFalse();
    }

    @Test
    void aFolderWithoutManifestIsNotABackup() {
        assertThatThrownBy(() -> new DataFolderRestore(temp).verify()).isInstanceOf(NoSuchFileException.class)
            .hasMessageContaining("did not finish");
    }

    private Path stoppedDataFolder() throws Exception {
        Path data = temp.resolve("data");
        Files.createDirectories(data.resolve("pki"));
        Files.writeString(data.resolve("pki/server.p12"), "keystore");
        Files.createDirectories(data.resolve("var/mail/error"));
        Files.writeString(data.resolve("var/mail/error/m1"), "mail");
        return data;
    }

    private Path backupOf(Path data) throws Exception {
        Path backup = temp.resolve("backup");
        new DataFolderBackup(data, data.resolve("var/audit")).takeInto(backup);
        return backup;
    }
}
