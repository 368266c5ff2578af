package fr.caducee.server.imap;

import java.util.List;

import javax.inject.Inject;

import fr.caducee.server.metrics.TlsFailures;
import javax.inject.Provider;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imapserver.netty.IMAPServer;
import org.apache.james.imapserver.netty.IMAPServerFactory;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.lib.netty.AbstractConfigurableAsyncServer;

import fr.caducee.audit.AuditTrail;
import fr.caducee.server.ListenerTls;
import fr.caducee.server.TlsMaterial;

/**
 * Builds our {@link CaduceeImapServer}s from imapserver.xml, as James's factory builds its own, with the TLS every
 * listener shares ({@link ListenerTls}) and a client certificate asked for where the XML says so, CONDSTORE enabled in James's processors ({@link CondstoreEnabled}), each
 * command's work built when its turn comes ({@link CommandsInOrder}), and the SORT and THREAD responses written
 * ({@link OrderedSearchEncoder}).
 */
public class CaduceeImapServerFactory extends IMAPServerFactory {
    private final CommandRefusals refusals;
    private final TlsMaterial tls;
    private final TlsFailures tlsFailures;

    @Inject
    public CaduceeImapServerFactory(FileSystem fileSystem, Provider<ImapDecoder> decoder, Provider<ImapEncoder> encoder,
                                    Provider<ImapProcessor> processor, MetricFactory metricFactory,
                                    GaugeRegistry gaugeRegistry, AuditTrail trail, TlsMaterial tls,
                                    TlsFailures tlsFailures) {
        super(fileSystem, decoder, encoder, processor, metricFactory, gaugeRegistry);
        this.refusals = new AuditedCommandRefusals(trail);
        this.tls = tls;
        this.tlsFailures = tlsFailures;
    }

    @Override
    protected List<AbstractConfigurableAsyncServer> createServers(HierarchicalConfiguration<ImmutableNode> config)
            throws Exception {
        ListenerTls.complete(config, "imapserver.xml", "imapserver", tls.secret());
        return super.createServers(config);
    }

    @Override
    protected IMAPServer createServer() {
        ImapProcessor processors = new CommandsInOrder(new CondstoreEnabled(processor.get()));
        return new CaduceeImapServer(decoder.get(), new OrderedSearchEncoder(encoder.get()), processors, imapMetrics,
            gaugeRegistry, refusals, tls, tlsFailures);
    }
}
