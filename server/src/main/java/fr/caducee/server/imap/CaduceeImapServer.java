package fr.caducee.server.imap;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.ex.ConversionException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imapserver.netty.IMAPServer;
import org.apache.james.imapserver.netty.ImapMetrics;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.protocols.api.ClientAuth;
import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.util.Size;

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
 * James's IMAP server with commands measured before James reads them ({@link CommandGuard}), the client's address
 * kept on its session ({@link RemoteAddress}), a client certificate asked for without being required where
 * imapserver.xml says so ({@link fr.caducee.server.AskedClientCertificates}), a client's TLS failure told in one line
 * ({@link ClientErrors}) and a quick stop ({@link ListenerShutdown}).
 */
final class CaduceeImapServer extends IMAPServer {
    /** A user name and a password, even as literals, fit in far less. */
    static final String BEFORE_LOGIN_LIMIT = "literalSizeLimitBeforeLogin";
    static final long DEFAULT_BEFORE_LOGIN_LIMIT = 8 * 1024;
    static final String NESTING_LIMIT = "nestingLimit";
    static final int DEFAULT_NESTING_LIMIT = 100;
    static final String COMMAND_GUARD = "commandGuard";

    private final CommandRefusals refusals;
    private final TlsMaterial tls;
    private final TlsFailures tlsFailures;
    private final ListenerShutdown shutdown = new ListenerShutdown();
    private CommandLimits limits;
    private boolean clientCertificateAsked;

    CaduceeImapServer(ImapDecoder decoder, ImapEncoder encoder, ImapProcessor processor, ImapMetrics metrics,
                      GaugeRegistry gauges, CommandRefusals refusals, TlsMaterial tls, TlsFailures tlsFailures) {
        super(decoder, encoder, processor, metrics, gauges);
        this.refusals = refusals;
        this.tls = tls;
        this.tlsFailures = tlsFailures;
    }

    @Override
    public void doConfigure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
        super.doConfigure(configuration);
        clientCertificateAsked = ListenerTls.clientCertificateAsked(configuration);
        try {
            limits = new CommandLimits(size(configuration, BEFORE_LOGIN_LIMIT, DEFAULT_BEFORE_LOGIN_LIMIT),
                size(configuration, "literalSizeLimit", 0), configuration.getInt(NESTING_LIMIT, DEFAULT_NESTING_LIMIT));
        } catch (ConversionException e) {
            throw new ConfigurationException("imapserver.xml: " + NESTING_LIMIT + " must be a whole number", e);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("imapserver.xml: " + e.getMessage(), e);
        }
    }

    private static long size(HierarchicalConfiguration<ImmutableNode> configuration, String key, long fallback)
            throws ConfigurationException {
        String value = configuration.getString(key, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Size.parse(value).asBytes();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("imapserver.xml: " + key + " must be a size such as 8K or 40M, not '"
                + value + "'", e);
        }
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

    @Override
    protected AbstractChannelPipelineFactory createPipelineFactory() {
        AbstractChannelPipelineFactory james = super.createPipelineFactory();
        return new AbstractChannelPipelineFactory(getFrameHandlerFactory(), getExecutorGroup()) {
            @Override
            protected ChannelInboundHandlerAdapter createHandler() {
                return createCoreHandler();
            }

            @Override
            protected void initChannel(Channel channel) {
                // James's initializer builds its pipeline as soon as it is added (the channel is registered), then
                // removes itself; the guard then goes in front of James's request decoder.
                channel.pipeline().addLast(james);
                channel.pipeline().addBefore(REQUEST_DECODER, COMMAND_GUARD, new CommandGuard(limits, refusals));
                channel.pipeline().addBefore(CORE_HANDLER, ConnectionEnd.NAME, new ConnectionEnd());
                channel.pipeline().addBefore(ConnectionEnd.NAME, ClientErrors.NAME, new ClientErrors(jmxName, tlsFailures));
                channel.pipeline().addAfter(CORE_HANDLER, RemoteAddress.NAME, new RemoteAddress());
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
