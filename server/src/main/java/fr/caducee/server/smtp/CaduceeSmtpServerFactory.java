package fr.caducee.server.smtp;

import java.util.List;

import javax.inject.Inject;

import fr.caducee.server.metrics.TlsFailures;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.lib.handler.ProtocolHandlerLoader;
import org.apache.james.protocols.lib.netty.AbstractConfigurableAsyncServer;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SMTPServerFactory;

import fr.caducee.server.ListenerTls;
import fr.caducee.server.TlsMaterial;

/**
 * Builds our {@link CaduceeSmtpServer}s from smtpserver.xml, as James's factory builds its own, with the TLS every
 * listener shares ({@link ListenerTls}), a client certificate asked for where the XML says so.
 */
public class CaduceeSmtpServerFactory extends SMTPServerFactory {
    private final TlsMaterial tls;
    private final TlsFailures tlsFailures;

    @Inject
    public CaduceeSmtpServerFactory(DNSService dns, ProtocolHandlerLoader loader, FileSystem fileSystem,
            MetricFactory metricFactory, TlsMaterial tls, TlsFailures tlsFailures) {
        super(dns, loader, fileSystem, metricFactory);
        this.tls = tls;
        this.tlsFailures = tlsFailures;
    }

    @Override
    protected List<AbstractConfigurableAsyncServer> createServers(HierarchicalConfiguration<ImmutableNode> config)
            throws Exception {
        ListenerTls.complete(config, "smtpserver.xml", "smtpserver", tls.secret());
        return super.createServers(config);
    }

    @Override
    protected SMTPServer createServer() {
        return new CaduceeSmtpServer(smtpMetrics, tls, tlsFailures);
    }
}
