package fr.caducee.directory.ldap;

import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLContext;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.GetEntryLDAPConnectionPoolHealthCheck;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.ldapengine.JournaledDirectory;

/** Builds the connection pool described by {@link LdapSettings}, and names servers in messages. */
final class LdapConnections {

    static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(30);
    /** After a failover, connections go back to the first server within this time. */
    static final Duration MAX_CONNECTION_AGE = Duration.ofMinutes(30);
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");
    private static final Logger LOG = LoggerFactory.getLogger(LdapDirectoryStore.class);

    private LdapConnections() {
    }

    /**
     * A pool bound as the service account, with one connection opened at once so that a wrong URL, certificate or
     * password fails at start rather than on the first message.
     */
    static LDAPConnectionPool open(LdapSettings settings, SSLContext tls) {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) settings.connectTimeout().toMillis());
        options.setResponseTimeoutMillis(settings.responseTimeout().toMillis());
        options.setUseKeepAlive(true);
        // A request that timed out is abandoned, so that the server stops working on it.
        options.setAbandonOnTimeout(true);
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        List<ServerSet> servers = settings.ldapUrls().stream().map(url -> server(url, tls, options)).toList();
        ServerSet serverSet = servers.size() == 1 ? servers.get(0) : new FailoverServerSet(servers);
        // The root DSE is readable on every server, even before the tree below the base DN exists.
        GetEntryLDAPConnectionPoolHealthCheck healthCheck = new GetEntryLDAPConnectionPoolHealthCheck("",
                settings.responseTimeout().toMillis(), true, false, false, true, true);
        LDAPConnectionPool pool;
        try {
            pool = new LDAPConnectionPool(serverSet, new SimpleBindRequest(settings.bindDn(), settings.password()),
                    1, settings.poolSize(), 1, null, true, healthCheck);
        } catch (LDAPException e) {
            throw new DirectoryUnavailableException("directory " + describe(settings) + ": cannot connect as "
                    + settings.bindDn() + " (" + LdapOperations.detail(e) + ")", e);
        }
        pool.setConnectionPoolName("caducee-directory");
        // A connection the server closed while idle (restart, idle timeout) is replaced and the operation retried.
        pool.setRetryFailedOperationsDueToInvalidConnections(true);
        pool.setHealthCheckIntervalMillis(HEALTH_CHECK_INTERVAL.toMillis());
        pool.setMaxConnectionAgeMillis(MAX_CONNECTION_AGE.toMillis());
        // The pool grows to poolSize connections as needed; a burst beyond that opens a connection rather than
        // waiting for one, and the extra connections are closed when returned.
        return pool;
    }

    static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context in this JVM", e);
        }
    }

    static String describe(LdapSettings settings) {
        return String.join(", ", settings.urls());
    }

    /**
     * The server behind an LDAP interface, for messages. A pool does not tell which servers it connects to: give
     * the store a name for it ({@link LdapDirectoryStore#LdapDirectoryStore(LDAPInterface, String, String)}).
     */
    static String describe(LDAPInterface ldap) {
        if (ldap instanceof LDAPConnectionPool pool) {
            return pool.getConnectionPoolName() == null ? "(connection pool)"
                    : "(connection pool " + pool.getConnectionPoolName() + ")";
        }
        if (ldap instanceof LDAPConnection connection && connection.getConnectedAddress() != null) {
            return connection.getConnectedAddress() + ":" + connection.getConnectedPort();
        }
        if (ldap instanceof InMemoryDirectoryServer || ldap instanceof JournaledDirectory) {
            return "(in-process)";
        }
        return "(" + ldap.getClass().getSimpleName() + ")";
    }

    private static ServerSet server(LDAPURL url, SSLContext tls, LDAPConnectionOptions options) {
        boolean secure = url.getScheme().equals("ldaps");
        if (!secure && !LOOPBACK.contains(url.getHost())) {
            LOG.warn("Directory connection to {} is not encrypted: the bind password and password hashes cross the"
                    + " network in clear; use ldaps://", url);
        }
        return new SingleServerSet(url.getHost(), url.getPort(), secure ? tls.getSocketFactory() : null, options);
    }
}
