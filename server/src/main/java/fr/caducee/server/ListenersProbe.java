package fr.caducee.server;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.imapserver.netty.IMAPServerFactory;
import org.apache.james.protocols.lib.netty.AbstractConfigurableAsyncServer;
import org.apache.james.protocols.lib.netty.AbstractServerFactory;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.webadmin.WebAdminServer;

import fr.caducee.server.api.ApiListener;
import fr.caducee.server.gateway.MllpListener;
import fr.caducee.server.webmail.WebmailListener;

/**
 * The addresses the server actually listens on, named as in the configuration ({@code jmxName}: mx, submission,
 * imaps...), for the start-up banner.
 */
public class ListenersProbe implements GuiceProbe {
    private final SMTPServerFactory smtp;
    private final IMAPServerFactory imap;
    private final WebAdminServer webAdmin;
    private final ConfigurationProvider configuration;
    private final ApiListener api;
    private final WebmailListener webmail;
    private final MllpListener gateway;

    @Inject
    ListenersProbe(SMTPServerFactory smtp, IMAPServerFactory imap, WebAdminServer webAdmin, ConfigurationProvider configuration,
                   ApiListener api, WebmailListener webmail, MllpListener gateway) {
        this.api = api;
        this.gateway = gateway;
        this.webmail = webmail;
        this.smtp = smtp;
        this.imap = imap;
        this.webAdmin = webAdmin;
        this.configuration = configuration;
    }

    public Map<String, String> listeners() throws ConfigurationException {
        Map<String, String> listeners = new LinkedHashMap<>();
        describe(smtp, names("smtpserver"), listeners);
        describe(imap, names("imapserver"), listeners);
        listeners.put("webadmin", "127.0.0.1:" + webAdmin.getPort().getValue() + " (HTTP, loopback only)");
        listeners.put("api", api.address());
        listeners.put("webmail", webmail.address());
        // Only when configured: nobody listens for HL7 by default.
        listeners.putAll(gateway.addresses());
        return listeners;
    }

    /** Servers are created in the order of the configuration file, so names and servers line up. */
    private List<String> names(String file) throws ConfigurationException {
        return configuration.getConfiguration(file).configurationsAt(file).stream()
            .filter(server -> server.getBoolean("[@enabled]", true))
            .map(server -> server.getString("jmxName", file))
            .toList();
    }

    private static void describe(AbstractServerFactory factory, List<String> names, Map<String, String> listeners) {
        List<AbstractConfigurableAsyncServer> servers = factory.getServers();
        for (int i = 0; i < servers.size(); i++) {
            AbstractConfigurableAsyncServer server = servers.get(i);
            String name = i < names.size() ? names.get(i) : server.getServiceType();
            String tls = server.getSocketType().equals("secure") ? "implicit TLS" : "STARTTLS";
            for (InetSocketAddress address : server.getListenAddresses()) {
                String host = address.getAddress() != null && address.getAddress().isAnyLocalAddress() ? "*" : address.getHostString();
                listeners.put(name, host + ":" + address.getPort() + " (" + tls + ")");
            }
        }
    }
}
