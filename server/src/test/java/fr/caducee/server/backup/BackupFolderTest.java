package fr.caducee.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupFolderTest {
    @TempDir
    Path temp;

    @Test
    void everyFolderAndFileItWritesIsOwnerOnly() throws Exception {
        Path source = Files.writeString(temp.resolve("key.pem"), "private");
        BackupFolder backup = BackupFolder.create(temp.resolve("backup"));
        backup.copy(source, "pki/webadmin/operator-key.pem");

        assertThat(permissions(temp.resolve("backup"))).isEqualTo("rwx------");
        assertThat(permissions(temp.resolve("backup/pki"))).isEqualTo("rwx------");
        assertThat(permissions(temp.resolve("backup/pki/webadmin"))).isEqualTo("rwx------");
        assertThat(permissions(temp.resolve("backup/pki/webadmin/operator-key.pem"))).isEqualTo("rw-------");
    }

    @Test
    void aCopiedFileIsListedWithItsSizeAndSha256() throws Exception {
        Path source = Files.writeString(temp.resolve("mail"), "Bonjour docteur");
        BackupFolder backup = BackupFolder.create(temp.resolve("backup"));

        BackupManifest.FileEntry entry = backup.copy(source, "var/mail/error/mail");

        assertThat(entry.size()).isEqualTo(15);
        assertThat(entry.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
            .digest("Bonjour docteur".getBytes(StandardCharsets.UTF_8))));
        assertThat(backup.files()).containsExactly(entry);
        assertThat(temp.resolve("backup/var/mail/error/mail")).hasContent("Bonjour docteur");
    }

    @Test
    void aCopyUpToALengthStopsThere() throws Exception {
        Path source = Files.writeString(temp.resolve("segment"), "0123456789");
        BackupFolder backup = BackupFolder.create(temp.resolve("backup"));

        assertThat(backup.copy(source, "segment", 4).size()).isEqualTo(4);
        assertThat(temp.resolve("backup/segment")).hasContent("0123");
    }

    @Test
    void aFolderThatHoldsSomethingIsRefused() throws Exception {
        Files.createDirectories(temp.resolve("backup"));
        Files.writeString(temp.resolve("backup/earlier"), "x");

        assertThatThrownBy(() -> BackupFolder.create(temp.resolve("backup")))
            .isInstanceOf(DataFolderBackup.RefusedException.class).hasMessageContaining("not empty");
    }

    @Test
    void aDiscardedPartIsForgottenAndDeleted() throws Exception {
        Path source = Files.writeString(temp.resolve("f"), "x");
        BackupFolder backup = BackupFolder.create(temp.resolve("backup"));
        backup.copy(source, "var/directory/journal-0000000000000001.log");
        backup.copy(source, "pki/server.p12");

        backup.discard("var/directory");

        assertThat(backup.files()).extracting(BackupManifest.FileEntry::path).containsExactly("pki/server.p12");
        assertThat(temp.resolve("backup/var/directory")).doesNotExist();
    }

    @Test
    void aPathOutsideTheBackupIsRefused() throws Exception {
        BackupFolder backup = BackupFolder.create(temp.resolve("backup"));

        assertThatThrownBy(() -> backup.write("../outside", new byte[0]))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
