package fr.caducee.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderSpaceTest {
    @TempDir
    Path data;

    @Test
    void foldersOnOneFileSystemAreMeasuredOnce() throws Exception {
        Path var = Files.createDirectories(data.resolve("var"));

        assertThat(DataFolderSpace.fileStores(List.of(var, data.resolve("var/audit"), data))).hasSize(1);
    }

    @Test
    void aFolderNotCreatedYetIsMeasuredOnItsParentsFileSystem() throws Exception {
        DataFolderSpace space = new DataFolderSpace(Set.of(new StoredFolder(data.resolve("not/yet/there"))));

        assertThat(space.usableBytes()).isPositive().isLessThanOrEqualTo(Files.getFileStore(data).getTotalSpace());
    }

    @Test
    void eachFileSystemHoldingDataIsWatched() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && !Files.getFileStore(shm).equals(Files.getFileStore(data)),
            "needs a second file system (/dev/shm)");

        assertThat(DataFolderSpace.fileStores(List.of(data, shm))).hasSize(2);
    }
}
