package fr.caducee.server.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtherFilesTest {
    @TempDir
    Path temp;

    @Test
    void theMailRepositoriesPkiAndSecretsAreCopiedAndWhatOtherPartsTakeIsNot() throws Exception {
        Path data = temp.resolve("data");
        write(data, "pki/server.p12");
        write(data, "pki/webadmin/operator-key.pem");
        write(data, "secrets/webmail-factor.key");
        write(data, "var/mail/error/4f.Repository.FileObjectStore");
        write(data, "var/store/postgres.secret");
        write(data, "var/store/postgres.port");
        write(data, "var/store/postgres/PG_VERSION");
        write(data, "var/store/postgres-binaries/17/bin/postgres");
        write(data, "var/directory/journal-0000000000000001.log");
        write(data, "var/audit/audit-2026-12-07.jsonl");
        write(data, "log/caducee.log");
        BackupFolder backup = BackupFolder.create(temp.resolve("backup"));

        OtherFiles.copy(data, backup, Set.of());

        assertThat(backup.files()).extracting(BackupManifest.FileEntry::path).containsExactlyInAnyOrder(
            "pki/server.p12", "pki/webadmin/operator-key.pem", "secrets/webmail-factor.key",
            "var/mail/error/4f.Repository.FileObjectStore", "var/store/postgres.secret", "var/store/postgres.port");
    }

    @Test
    void aFolderNamedApartIsLeftOut() throws Exception {
        Path data = temp.resolve("data");
        write(data, "pki/server.p12");
        write(data, "trail/audit-2026-12-07.jsonl");
        BackupFolder backup = BackupFolder.create(temp.resolve("backup"));

        OtherFiles.copy(data, backup, Set.of(data.resolve("trail").toAbsolutePath().normalize()));

        assertThat(backup.files()).extracting(BackupManifest.FileEntry::path).containsExactly("pki/server.p12");
    }

    private static void write(Path data, String relative) throws Exception {
        Files.createDirectories(data.resolve(relative).getParent());
        Files.writeString(data.resolve(relative), relative);
    }
}
