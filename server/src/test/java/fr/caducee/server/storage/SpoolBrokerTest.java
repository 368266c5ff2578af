package fr.caducee.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.jms.Connection;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Queue;
import javax.jms.Session;
import javax.jms.TextMessage;

import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.james.filesystem.api.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolBrokerTest {
    @TempDir
    Path data;

    private SpoolBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = new SpoolBroker(new DataFolder(data), new KahaDBPersistenceAdapter());
    }

    @AfterEach
    void stop() throws Exception {
        broker.stop();
    }

    @Test
    void theBrokerHasNoTransportConnectorSoNoListeningSocket() {
        assertThat(broker.transportConnectors()).isZero();
    }

    @Test
    void aMessageGoesThroughTheInJvmTransportAndIsJournaledInTheDataFolder() throws Exception {
        Connection connection = broker.connectionFactory().createConnection();
        try {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            Queue spool = session.createQueue("spool");
            // JMS 2.0's send sets the delivery time: this fails if a JMS 1.1 API jar comes first on the classpath.
            MessageProducer producer = session.createProducer(spool);
            producer.send(session.createTextMessage("a mail"));
            session.commit();
            MessageConsumer consumer = session.createConsumer(spool);
            TextMessage received = (TextMessage) consumer.receive(10_000);
            session.commit();

            assertThat(received.getText()).isEqualTo("a mail");
            assertThat(received.getJMSDeliveryTime()).isPositive();
        } finally {
            connection.close();
        }
        assertThat(Files.list(data.resolve("var/store/activemq/brokers/KahaDB")))
            .anyMatch(file -> file.getFileName().toString().startsWith("db-"));
    }

    /** James's file system: {@code file://} URLs resolve under the data folder. */
    private record DataFolder(Path root) implements FileSystem {
        @Override
        public InputStream getResource(String url) throws FileNotFoundException {
            throw new FileNotFoundException(url);
        }

        @Override
        public File getFile(String fileURL) {
            return root.resolve(fileURL.substring(FILE_PROTOCOL.length())).toFile();
        }

        @Override
        public File getBasedir() {
            return root.toFile();
        }
    }
}
