package fr.caducee.server.submission;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.lib.netty.AbstractConfigurableAsyncServer;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.smtpserver.netty.SMTPServerFactory;

/**
 * Where {@link LoopbackSubmission} reaches the server's own submission listener: on loopback, since a ticket logs in
 * only from there. {@code submissions} (implicit TLS) when it listens on loopback or on every address, else
 * {@code submission} (STARTTLS); found among the SMTP servers James started, so that the port is the one actually
 * bound.
 *
 * @param host        a loopback address
 * @param implicitTls true for {@code submissions}, false for {@code submission} and its STARTTLS
 */
public record SubmissionEndpoint(String host, int port, boolean implicitTls) {
    static final List<String> LISTENERS = List.of("submissions", "submission");

    /**
     * Finds the endpoint when the outbox first needs it (the SMTP servers start after the webmail and the gateway are built), then
     * remembers it: a listener keeps its port while the server runs, and finding it reads the SMTP servers'
     * configuration file again, which under 200 patients replying at once was a tenth of the server's CPU.
     */
    public static final class Lookup implements Supplier<Optional<SubmissionEndpoint>> {
        private final SMTPServerFactory smtp;
        private final ConfigurationProvider configuration;
        private volatile SubmissionEndpoint found;

        @Inject
        public Lookup(SMTPServerFactory smtp, ConfigurationProvider configuration) {
            this.smtp = smtp;
            this.configuration = configuration;
        }

        @Override
        public Optional<SubmissionEndpoint> get() {
            SubmissionEndpoint known = found;
            if (known != null) {
                return Optional.of(known);
            }
            Optional<SubmissionEndpoint> endpoint = find();
            endpoint.ifPresent(listener -> found = listener);
            return endpoint;
        }

        private Optional<SubmissionEndpoint> find() {
            List<String> names;
            try {
                // Servers are created in the order of the configuration file, so names and servers line up.
                names = configuration.getConfiguration("smtpserver").configurationsAt("smtpserver").stream()
                    .filter(server -> server.getBoolean("[@enabled]", true))
                    .map(server -> server.getString("jmxName", "smtpserver"))
                    .toList();
            } catch (ConfigurationException e) {
                return Optional.empty();
            }
            List<AbstractConfigurableAsyncServer> servers = smtp.getServers();
            for (String wanted : LISTENERS) {
                for (int i = 0; i < servers.size() && i < names.size(); i++) {
                    if (names.get(i).equals(wanted)) {
                        Optional<SubmissionEndpoint> endpoint = onLoopback(servers.get(i));
                        if (endpoint.isPresent()) {
                            return endpoint;
                        }
                    }
                }
            }
            return Optional.empty();
        }

        private static Optional<SubmissionEndpoint> onLoopback(AbstractConfigurableAsyncServer server) {
            boolean implicitTls = server.getSocketType().equals("secure");
            for (InetSocketAddress address : server.getListenAddresses()) {
                InetAddress ip = address.getAddress();
                if (ip != null && (ip.isLoopbackAddress() || ip.isAnyLocalAddress())) {
                    String host = ip.isLoopbackAddress() ? ip.getHostAddress() : "127.0.0.1";
                    return Optional.of(new SubmissionEndpoint(host, address.getPort(), implicitTls));
                }
            }
            return Optional.empty();
        }
    }
}
