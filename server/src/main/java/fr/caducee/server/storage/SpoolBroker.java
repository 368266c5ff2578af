package fr.caducee.server.storage;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.jms.ConnectionFactory;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.ActiveMQPrefetchPolicy;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.jmx.ManagementContext;
import org.apache.activemq.plugin.StatisticsBrokerPlugin;
import org.apache.activemq.store.PersistenceAdapter;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.queue.activemq.FileSystemBlobTransferPolicy;

/**
 * The spool's ActiveMQ broker, reachable from this JVM only: clients connect over the {@code vm://} transport, and
 * the broker has no transport connector, hence no OpenWire listener (James's own embedded broker opens one on a
 * random loopback port, unauthenticated) and no JMX connector. Same broker name and folders as James's, so a data
 * folder spooled by an earlier version is read as it was.
 */
public class SpoolBroker {
    static final String NAME = "james";
    private static final String BROKERS_FOLDER = "file://var/store/activemq/brokers";
    private static final String JOURNAL_FOLDER = BROKERS_FOLDER + "/KahaDB";
    private static final String BLOB_FOLDER = "file://var/store/activemq/blob-transfer";

    private final BrokerService broker;
    private final ActiveMQConnectionFactory connectionFactory;

    @Inject
    SpoolBroker(FileSystem fileSystem, PersistenceAdapter journal) throws Exception {
        journal.setDirectory(fileSystem.getFile(JOURNAL_FOLDER));
        broker = new BrokerService();
        broker.setBrokerName(NAME);
        broker.setBrokerId("broker");
        broker.setDataDirectoryFile(fileSystem.getFile(BROKERS_FOLDER));
        broker.setPersistent(true);
        broker.setPersistenceAdapter(journal);
        broker.setUseJmx(false);
        ManagementContext management = new ManagementContext();
        management.setCreateConnector(false);
        broker.setManagementContext(management);
        broker.setUseShutdownHook(false);
        broker.setSchedulerSupport(false);
        // Queue sizes for WebAdmin and the metrics.
        broker.setPlugins(new BrokerPlugin[] {new StatisticsBrokerPlugin()});
        broker.setEnableStatistics(true);
        broker.start();
        connectionFactory = inJvmConnectionFactory(fileSystem);
    }

    public ConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    /** Transport connectors the broker listens on: none, the spool is only reached from inside this JVM. */
    int transportConnectors() {
        return broker.getTransportConnectors().size();
    }

    @PreDestroy
    public void stop() throws Exception {
        broker.stop();
    }

    private static ActiveMQConnectionFactory inJvmConnectionFactory(FileSystem fileSystem) {
        // create=false: a client never starts a second, empty broker if this one is gone.
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://" + NAME + "?create=false");
        factory.setTrustAllPackages(false);
        // Message bodies travel as files under var/store/activemq/blob-transfer, as with James's broker.
        FileSystemBlobTransferPolicy blobs = new FileSystemBlobTransferPolicy();
        blobs.setDefaultUploadUrl(BLOB_FOLDER);
        blobs.setFileSystem(fileSystem);
        factory.setBlobTransferPolicy(blobs);
        // No prefetch: a message stays in the journal, not in a consumer's buffer, until it is taken.
        ActiveMQPrefetchPolicy prefetch = new ActiveMQPrefetchPolicy();
        prefetch.setQueuePrefetch(0);
        prefetch.setTopicPrefetch(0);
        factory.setPrefetchPolicy(prefetch);
        return factory;
    }
}
