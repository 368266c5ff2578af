package fr.caducee.server.smtp;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.protocols.netty.ChannelHandlerFactory;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SmtpMetricsImpl;

import fr.caducee.server.AskedClientCertificates;
import fr.caducee.server.ListenerTls;
import fr.caducee.server.TlsMaterial;

/**
 * James's SMTP server with our handling of overlong lines ({@link OverlongLineHandler}) and, on the submission
 * listeners, a client certificate asked for without being required ({@link AskedClientCertificates}).
 */
final class CaduceeSmtpServer extends SMTPServer {
    private final TlsMaterial tls;
    private boolean clientCertificateAsked;

    CaduceeSmtpServer(SmtpMetricsImpl metrics, TlsMaterial tls) {
        super(metrics);
        this.tls = tls;
    }

    @Override
    protected ChannelHandlerFactory createFrameHandlerFactory() {
        int limit = AbstractChannelPipelineFactory.MAX_LINE_LENGTH;
        OverlongLineHandler overlong = new OverlongLineHandler(limit);
        return pipeline -> new LineFramer(pipeline, limit, overlong);
    }

    @Override
    public void doConfigure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
        super.doConfigure(configuration);
        clientCertificateAsked = ListenerTls.clientCertificateAsked(configuration);
    }

    @Override
    protected void buildSSLContext() throws Exception {
        super.buildSSLContext();
        if (clientCertificateAsked && encryption != null) {
            encryption = AskedClientCertificates.of(tls, encryption.isStartTLS());
        }
    }
}
