package fr.caducee.server.smtp;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.protocols.api.ClientAuth;
import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.protocols.netty.ChannelHandlerFactory;
import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SmtpMetricsImpl;

import fr.caducee.server.ClientErrors;
import fr.caducee.server.metrics.TlsFailures;
import fr.caducee.server.ListenerShutdown;
import fr.caducee.server.ListenerTls;
import fr.caducee.server.TlsMaterial;
import fr.caducee.server.tls.ListenerEncryption;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * James's SMTP server with our handling of overlong lines ({@link OverlongLineHandler}), on the submission
 * listeners a client certificate asked for without being required ({@link fr.caducee.server.AskedClientCertificates}), the
 * material in force at each handshake ({@link ListenerEncryption}: a reload reaches it), a client's TLS
 * failure told in one line ({@link ClientErrors}) and a quick stop ({@link ListenerShutdown}).
 */
final class CaduceeSmtpServer extends SMTPServer {
    private final TlsMaterial tls;
    private final ListenerShutdown shutdown = new ListenerShutdown();
    private boolean clientCertificateAsked;

    private final TlsFailures tlsFailures;

    CaduceeSmtpServer(SmtpMetricsImpl metrics, TlsMaterial tls, TlsFailures tlsFailures) {
        super(metrics);
        this.tls = tls;
        this.tlsFailures = tlsFailures;
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
        // James's reads the keystore once: ours is on the material in force, which a reload replaces.
        super.buildSSLContext();
        if (encryption != null) {
            encryption = ListenerEncryption.on(tls, encryption.isStartTLS(),
                clientCertificateAsked ? ClientAuth.WANT : encryption.getClientAuth());
        }
    }

    /** James's pipeline, with a client's TLS failure told in one line in front of its handler ({@link ClientErrors}). */
    @Override
    protected AbstractChannelPipelineFactory createPipelineFactory() {
        AbstractChannelPipelineFactory james = super.createPipelineFactory();
        ClientErrors errors = new ClientErrors(jmxName, tlsFailures);
        return new AbstractChannelPipelineFactory(getFrameHandlerFactory(), getExecutorGroup()) {
            @Override
            protected ChannelInboundHandlerAdapter createHandler() {
                return createCoreHandler();
            }

            @Override
            protected void initChannel(Channel channel) {
                // James's initializer builds its pipeline when it is added (the channel is registered), then removes
                // itself.
                channel.pipeline().addLast(james);
                channel.pipeline().addBefore(HandlerConstants.CORE_HANDLER, ClientErrors.NAME, errors);
            }
        };
    }

    @Override
    protected void configureBootstrap(ServerBootstrap bootstrap) {
        super.configureBootstrap(bootstrap);
        shutdown.remember(bootstrap);
    }

    /** Stops in well under a second when idle ({@link ListenerShutdown}), not after James's two-second quiet period. */
    @Override
    public synchronized void unbind() {
        shutdown.begin();
        super.unbind();
    }
}
