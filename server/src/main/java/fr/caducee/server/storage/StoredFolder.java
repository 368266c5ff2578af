package fr.caducee.server.storage;

import java.nio.file.Path;

/**
 * A folder where the server keeps what it accepts, watched for free space by {@link DataFolderSpace}; each module
 * that writes outside {@code var/} (the audit trail may be elsewhere) adds its own to the set.
 */
public record StoredFolder(Path path) {
}
