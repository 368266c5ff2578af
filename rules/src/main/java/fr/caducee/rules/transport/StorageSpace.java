package fr.caducee.rules.transport;

import java.io.IOException;

/**
 * The disk space still usable where the server keeps what it accepts (spool, database, mail repositories, audit
 * trail): when they lie on several file systems, the least of them, since the first one full stops the others.
 */
@FunctionalInterface
public interface StorageSpace {
    /** Bytes an unprivileged process can still write there, as the file system reports them now. */
    long usableBytes() throws IOException;
}
