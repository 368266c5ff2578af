package fr.caducee.server.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class PostgresBinariesTest {
    @TempDir
    Path target;

    /** A .txz of entries: name, mode, content (a content starting with "->" makes a symbolic link). */
    private static byte[] txz(Object... entries) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new XZOutputStream(bytes, new LZMA2Options()))) {
            for (int i = 0; i < entries.length; i += 3) {
                String name = (String) entries[i];
                String content = (String) entries[i + 2];
                TarArchiveEntry entry;
                if (content.startsWith("->")) {
                    entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    entry.setLinkName(content.substring(2));
                } else {
                    entry = new TarArchiveEntry(name);
                    entry.setSize(content.length());
                }
                entry.setMode((Integer) entries[i + 1]);
                tar.putArchiveEntry(entry);
                if (!content.startsWith("->")) {
                    tar.write(content.getBytes(StandardCharsets.US_ASCII));
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void programsShouldStayExecutableAndEverythingReadableByTheAccountPostgresqlRunsAs() throws Exception {
        PostgresBinaries.unpack(new ByteArrayInputStream(txz(
            "bin/postgres", 0700, "#!/bin/sh\n",
            "lib/libpq.so.5.17", 0600, "elf",
            "lib/libpq.so.5", 0777, "->libpq.so.5.17")), target);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("bin/postgres"))))
            .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("lib/libpq.so.5.17"))))
            .isEqualTo("rw-r--r--");
        assertThat(Files.readSymbolicLink(target.resolve("lib/libpq.so.5"))).isEqualTo(Path.of("libpq.so.5.17"));
    }

    @Test
    void anEntryOutsideTheFolderShouldBeRefused() throws Exception {
        byte[] hostile = txz("../escaped", 0644, "x");

        assertThatThrownBy(() -> PostgresBinaries.unpack(new ByteArrayInputStream(hostile), target.resolve("bin")))
            .hasMessageContaining("outside its folder");
        assertThat(target.resolve("escaped")).doesNotExist();
    }
}
