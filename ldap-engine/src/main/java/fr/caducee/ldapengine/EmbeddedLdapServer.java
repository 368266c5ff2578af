package fr.caducee.ldapengine;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.unboundid.ldap.listener.LDAPListener;
import com.unboundid.ldap.listener.LDAPListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;

/**
 * An LDAP directory inside the process that uses it: a compact in-memory {@link EntryStore} enforcing the schema
 * given by a {@link TreeDefinition}, made durable by a write-ahead journal, and an LDAP listener (loopback by default) for
 * operators' tools. Entries are held encoded (a few hundred bytes each) with equality indexes on the attributes the
 * definition names.
 *
 * <p><b>Durability and fsync policy.</b> A write is applied to memory and its LDIF change record appended to the
 * journal under one lock (journal order = apply order), then the caller waits, outside the lock, until the record
 * is forced to disk ({@code FileChannel.force(false)}, i.e. fdatasync) before it gets its answer: in process, the
 * method returns; over the listener, the response is sent. Writers waiting at the same time share one fsync
 * (group commit). There is no periodic dump: a change that was acknowledged survives {@code kill -9} or a power
 * cut (given a disk that honours fsync); one that was not may or may not. Creating, renaming and deleting journal
 * and snapshot files is followed by an fsync of the directory. Snapshots are LDIF, written in the background when
 * the journal outgrows the threshold (see {@code Compactor}); at start the newest snapshot is loaded and the
 * journal replayed, a torn last record ignored and cut off (see {@code Recovery}). If the journal hits an I/O
 * error, every later write is refused until a restart.
 *
 * <p>For exact replay the server generates no operational attributes (createTimestamp, entryUUID...): records
 * carry their own dates (cadCreated).
 */
public final class EmbeddedLdapServer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedLdapServer.class);
    private static final long COMPACTION_CHECK_MILLIS = 1000;

    private final EmbeddedLdapConfig config;
    private final Closeable folderLock;
    private final EntryStore store;
    private final DurableWrites writes;
    private final Compactor compactor;
    private final LDAPInterface directory;
    private final LDAPListener listener;

    private EmbeddedLdapServer(EmbeddedLdapConfig config, Closeable folderLock, EntryStore store,
                               DurableWrites writes, Compactor compactor, LDAPInterface directory,
                               LDAPListener listener) {
        this.config = config;
        this.folderLock = folderLock;
        this.store = store;
        this.writes = writes;
        this.compactor = compactor;
        this.directory = directory;
        this.listener = listener;
    }

    /** Rebuilds the directory from its data folder, creates the tree's skeleton if absent, and starts listening. */
    public static EmbeddedLdapServer start(TreeDefinition tree, EmbeddedLdapConfig config)
            throws IOException, LDAPException {
        return start(tree, config, COMPACTION_CHECK_MILLIS);
    }

    static EmbeddedLdapServer start(TreeDefinition tree, EmbeddedLdapConfig config, long compactionCheckMillis)
            throws IOException, LDAPException {
        long started = System.nanoTime();
        DataFolder folder = new DataFolder(config.dataFolder());
        Closeable folderLock = folder.lock();
        try {
            EntryStore store = new EntryStore(tree.schema(), config.baseDn(), tree.indexed());
            Recovery.Outcome recovered = Recovery.run(folder, store);
            Journal journal = Journal.open(folder, recovered.segment(), recovered.validLength());
            return open(tree, config, folderLock, folder, store, journal, recovered, compactionCheckMillis, started);
        } catch (IOException | LDAPException | RuntimeException e) {
            folderLock.close();
            throw e;
        }
    }

    private static EmbeddedLdapServer open(TreeDefinition tree, EmbeddedLdapConfig config, Closeable folderLock, DataFolder folder,
                                           EntryStore store, Journal journal,
                                           Recovery.Outcome recovered, long compactionCheckMillis, long started)
            throws IOException, LDAPException {
        DurableWrites writes = new DurableWrites(journal);
        JournaledDirectory directory = new JournaledDirectory(store, writes);
        Compactor compactor = null;
        try {
            createSkeleton(directory, tree.skeleton(config.baseDn()));
            compactor = new Compactor(folder, journal, writes, store, config.compactionThresholdBytes(),
                    recovered.snapshotBytes());
            compactor.start(compactionCheckMillis);
            LDAPListener listener = listen(config, store, writes);
            LOGGER.info("Directory {} ready in {} ms: {} entries from the snapshot, {} journal records replayed, "
                    + "LDAP on {}:{}", config.dataFolder(), (System.nanoTime() - started) / 1_000_000,
                    recovered.snapshotEntries(), recovered.replayed(), config.host(), listener.getListenPort());
            return new EmbeddedLdapServer(config, folderLock, store, writes, compactor, directory, listener);
        } catch (IOException | LDAPException | RuntimeException e) {
            if (compactor != null) {
                compactor.close();
            }
            writes.close();
            throw e;
        }
    }

    /**
     * The directory for in-process use, without sockets, with full rights. Every write returns once durable;
     * reads see every write that returned.
     */
    public LDAPInterface directory() {
        return directory;
    }

    public String baseDn() {
        return config.baseDn();
    }

    public String host() {
        return config.host();
    }

    /** The listener's port: the configured one, or the one the system chose for port 0. */
    public int port() {
        return listener.getListenPort();
    }

    /** Writes a snapshot now and drops the journal segments it covers; normally automatic. */
    public void compact() throws IOException {
        compactor.compact();
    }

    /** Number of entries, the base and containers included. */
    public int entryCount() {
        return store.size();
    }

    /** Stops the listener, then closes the journal after the writes in progress; later writes are refused. */
    @Override
    public void close() throws IOException {
        listener.shutDown(true);
        compactor.close();
        writes.close();
        folderLock.close();
    }

    private static void createSkeleton(LDAPInterface directory, List<Entry> skeleton) throws LDAPException {
        for (Entry entry : skeleton) {
            if (directory.getEntry(entry.getDN()) == null) {
                directory.add(entry);
            }
        }
    }

    private static LDAPListener listen(EmbeddedLdapConfig config, EntryStore store, DurableWrites writes)
            throws IOException, LDAPException {
        ListenerRequestHandler handler = new ListenerRequestHandler(store, writes, config.admin());
        LDAPListenerConfig listenerConfig = new LDAPListenerConfig(config.port(), handler);
        listenerConfig.setListenAddress(InetAddress.getByName(config.host()));
        LDAPListener listener = new LDAPListener(listenerConfig);
        listener.startListening();
        return listener;
    }
}
