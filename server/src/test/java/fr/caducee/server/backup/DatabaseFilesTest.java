package fr.caducee.server.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseFilesTest {
    @TempDir
    Path temp;

    @Test
    void theRunningServersFilesTemporaryFilesAndRebuiltFoldersContentsAreLeftOut() {
        assertThat(DatabaseFiles.leftOut(Path.of("postmaster.pid"))).isTrue();
        assertThat(DatabaseFiles.leftOut(Path.of("postmaster.opts"))).isTrue();
        assertThat(DatabaseFiles.leftOut(Path.of("backup_label"))).isTrue();
        assertThat(DatabaseFiles.leftOut(Path.of("base/5/pgsql_tmp123.0"))).isTrue();
        assertThat(DatabaseFiles.leftOut(Path.of("pg_wal/000000010000000000000001"))).isTrue();
        assertThat(DatabaseFiles.leftOut(Path.of("pg_replslot/caducee_backup/state"))).isTrue();
        assertThat(DatabaseFiles.leftOut(Path.of("global/pg_internal.init"))).isTrue();
        assertThat(DatabaseFiles.leftOut(Path.of("base/5/16384"))).isFalse();
        assertThat(DatabaseFiles.leftOut(Path.of("PG_VERSION"))).isFalse();
        assertThat(DatabaseFiles.leftOut(Path.of("pg_xact/0000"))).isFalse();
    }

    @Test
    void aRunningClusterIsCopiedWithoutItsLogButWithEveryFolder() throws Exception {
        Path pgdata = cluster();
        BackupFolder backup = BackupFolder.create(temp.resolve("backup"));

        DatabaseFiles.copy(pgdata, backup, "var/store/postgres", false);

        assertThat(backup.files()).extracting(BackupManifest.FileEntry::path)
            .containsExactlyInAnyOrder("var/store/postgres/PG_VERSION", "var/store/postgres/base/5/16384");
        assertThat(backup.folders()).contains("var/store/postgres/pg_wal", "var/store/postgres/pg_wal/archive_status",
            "var/store/postgres/pg_twophase", "var/store/postgres/pg_stat_tmp");
    }

    @Test
    void aStoppedClusterIsCopiedWithItsLog() throws Exception {
        Path pgdata = cluster();
        BackupFolder backup = BackupFolder.create(temp.resolve("backup"));

        DatabaseFiles.copy(pgdata, backup, "var/store/postgres", true);

        assertThat(backup.files()).extracting(BackupManifest.FileEntry::path).containsExactlyInAnyOrder(
            "var/store/postgres/PG_VERSION", "var/store/postgres/base/5/16384",
            "var/store/postgres/pg_wal/000000010000000000000001");
    }

    private Path cluster() throws Exception {
        Path pgdata = Files.createDirectories(temp.resolve("postgres"));
        Files.writeString(pgdata.resolve("PG_VERSION"), "17\n");
        Files.writeString(pgdata.resolve("postmaster.pid"), "123\n");
        Files.createDirectories(pgdata.resolve("base/5"));
        Files.writeString(pgdata.resolve("base/5/16384"), "rows");
        Files.createDirectories(pgdata.resolve("pg_wal/archive_status"));
        Files.writeString(pgdata.resolve("pg_wal/000000010000000000000001"), "log");
        Files.createDirectories(pgdata.resolve("pg_twophase"));
        Files.createDirectories(pgdata.resolve("pg_stat_tmp"));
        Files.writeString(pgdata.resolve("pg_stat_tmp/global.stat"), "stats");
        return pgdata;
    }
}
