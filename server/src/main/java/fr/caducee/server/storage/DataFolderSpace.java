package fr.caducee.server.storage;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.rules.transport.StorageSpace;

/**
 * The usable space of the file systems holding the {@link StoredFolder}s: the least of them. Asked afresh each time
 * (one {@code statvfs} per file system, a few microseconds: see BENCHMARKS.md), so that a disk that empties is seen
 * at the next SMTP transaction.
 */
public final class DataFolderSpace implements StorageSpace {
    private static final Logger LOGGER = LoggerFactory.getLogger(DataFolderSpace.class);

    private final List<FileStore> stores;

    @Inject
    public DataFolderSpace(Set<StoredFolder> folders) throws IOException {
        this.stores = fileStores(folders.stream().map(StoredFolder::path).toList());
        LOGGER.info("Watching the free space of {} ({})", folders.stream().map(StoredFolder::path).toList(),
            stores.stream().map(FileStore::name).toList());
    }

    static List<FileStore> fileStores(List<Path> folders) throws IOException {
        List<FileStore> stores = new ArrayList<>();
        for (Path folder : folders) {
            FileStore store = Files.getFileStore(existingAncestor(folder.toAbsolutePath()));
            if (!stores.contains(store)) {
                stores.add(store);
            }
        }
        return List.copyOf(stores);
    }

    /** A folder created later (the audit trail's, on first start) lies on its nearest existing parent's file system. */
    private static Path existingAncestor(Path folder) throws IOException {
        for (Path candidate = folder; candidate != null; candidate = candidate.getParent()) {
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IOException("no existing folder above " + folder);
    }

    @Override
    public long usableBytes() throws IOException {
        long least = Long.MAX_VALUE;
        for (FileStore store : stores) {
            least = Math.min(least, store.getUsableSpace());
        }
        return least;
    }
}
