package fr.caducee.server.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditFilesTest {
    @TempDir
    Path temp;

    @Test
    void aSegmentIsCopiedToItsLastWholeLine() throws Exception {
        Path trail = Files.createDirectories(temp.resolve("audit"));
        Files.writeString(trail.resolve("audit-2026-12-07.jsonl"), "{\"a\":1}\n{\"b\":2}\n{\"c\":");
        Files.writeString(trail.resolve("audit-2026-12-08.1.jsonl"), "{\"d\":4}\n");
        Files.writeString(trail.resolve("notes.txt"), "not a segment");
        BackupFolder backup = BackupFolder.create(temp.resolve("backup"));

        assertThat(AuditFiles.copy(trail, backup, "var/audit")).isEqualTo(2);

        assertThat(temp.resolve("backup/var/audit/audit-2026-12-07.jsonl")).hasContent("{\"a\":1}\n{\"b\":2}\n");
        assertThat(temp.resolve("backup/var/audit/audit-2026-12-08.1.jsonl")).hasContent("{\"d\":4}\n");
        assertThat(temp.resolve("backup/var/audit/notes.txt")).doesNotExist();
    }

    @Test
    void theWholeLinesEndIsFoundAcrossALongRecord() throws Exception {
        String line = "x".repeat(100_000) + "\n";
        Path segment = Files.writeString(temp.resolve("audit-2026-12-07.jsonl"), line + "y".repeat(70_000));

        assertThat(AuditFiles.wholeLines(segment, Files.size(segment))).isEqualTo(line.length());
        assertThat(AuditFiles.wholeLines(segment, 50)).isZero();
    }
}
