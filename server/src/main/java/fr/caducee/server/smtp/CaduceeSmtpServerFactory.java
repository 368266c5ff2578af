package fr.caducee.server.smtp;

import javax.inject.Inject;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.lib.handler.ProtocolHandlerLoader;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SMTPServerFactory;

/** Builds our {@link CaduceeSmtpServer}s from smtpserver.xml, as James's factory builds its own. */
public class CaduceeSmtpServerFactory extends SMTPServerFactory {
    @Inject
    public CaduceeSmtpServerFactory(DNSService dns, ProtocolHandlerLoader loader, FileSystem fileSystem,
            MetricFactory metricFactory) {
        super(dns, loader, fileSystem, metricFactory);
    }

    @Override
    protected SMTPServer createServer() {
        return new CaduceeSmtpServer(smtpMetrics);
    }
}
