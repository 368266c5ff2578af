package fr.caducee.directory.ldap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryDirectoryServerSnapshot;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;

/**
 * An UnboundID in-memory server with the standard schema and ours, the base entry and the four containers,
 * listening on a loopback port: used in-process and over a real connection pool.
 */
final class TestDirectoryServer implements AutoCloseable {

    static final String BASE = "o=caducee";
    static final String ADMIN_DN = "cn=admin";
    static final String ADMIN_PASSWORD = "secret";
    static final String SCHEMA = "/fr/caducee/directory/ldap/caducee-schema.ldif";

    private final InMemoryDirectoryServer server;
    private final InMemoryDirectoryServerSnapshot initial;

    private TestDirectoryServer(InMemoryDirectoryServer server, boolean containers)
            throws LDAPException, LDIFException {
        this.server = server;
        server.add("dn: " + BASE, "objectClass: top", "objectClass: organization", "o: caducee");
        if (containers) {
            for (RecordKind kind : RecordKind.values()) {
                server.add("dn: ou=" + kind.container() + "," + BASE, "objectClass: top",
                        "objectClass: organizationalUnit", "ou: " + kind.container());
            }
        }
        this.initial = server.createSnapshot();
    }

    static TestDirectoryServer start() {
        return start(new Options());
    }

    static TestDirectoryServer start(Options options) {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
            config.setSchema(options.ourSchema ? schema() : Schema.getDefaultStandardSchema());
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
                    InetAddress.getLoopbackAddress(), options.port, null));
            config.addAdditionalBindCredentials(ADMIN_DN, ADMIN_PASSWORD);
            // What the production server must index too (see LdapDirectoryStore).
            config.setEqualityIndexAttributes(options.ourSchema
                    ? List.of("cadIdNat", "cadResponsible", "cadMember", "cadStructureId", "cadRepresentative")
                    : List.of());
            config.setMaxSizeLimit(options.maxSizeLimit);
            if (options.slowBoxSearches != null) {
                config.addInMemoryOperationInterceptor(new SlowBoxSearches(options.slowBoxSearches));
            }
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            server.startListening();
            return new TestDirectoryServer(server, options.containers);
        } catch (LDAPException | LDIFException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The standard schema merged with ours, as the production server loads it. */
    static Schema schema() {
        try (InputStream in = TestDirectoryServer.class.getResourceAsStream(SCHEMA)) {
            return Schema.mergeSchemas(Schema.getDefaultStandardSchema(), Schema.getSchema(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LDAPException | LDIFException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InMemoryDirectoryServer server() {
        return server;
    }

    String url() {
        return "ldap://127.0.0.1:" + server.getListenPort();
    }

    LdapSettings settings() {
        return LdapSettings.of(url(), ADMIN_DN, ADMIN_PASSWORD)
                .withPool(4, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    /** Back to the base entry and empty containers. */
    void reset() {
        server.restoreSnapshot(initial);
    }

    void stopListening() {
        server.shutDown(true);
    }

    void startListening() throws LDAPException {
        server.startListening();
    }

    @Override
    public void close() {
        server.shutDown(true);
    }

    /** How to start the server; the defaults are those of the production layout. */
    static final class Options {
        int port;
        int maxSizeLimit;
        boolean ourSchema = true;
        boolean containers = true;
        Duration slowBoxSearches;

        Options port(int value) {
            port = value;
            return this;
        }

        Options maxSizeLimit(int value) {
            maxSizeLimit = value;
            return this;
        }

        Options withoutOurSchema() {
            ourSchema = false;
            return this;
        }

        Options withoutContainers() {
            containers = false;
            return this;
        }

        /** Searches under ou=boxes over the network answer only after this delay: a server that hangs. */
        Options slowBoxSearches(Duration delay) {
            slowBoxSearches = delay;
            return this;
        }
    }

    private static final class SlowBoxSearches extends InMemoryOperationInterceptor {
        private final Duration delay;

        SlowBoxSearches(Duration delay) {
            this.delay = delay;
        }

        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
            if (request.getRequest().getBaseDN().toLowerCase().contains("ou=boxes")) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
