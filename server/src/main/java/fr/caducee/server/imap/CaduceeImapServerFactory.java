package fr.caducee.server.imap;

import javax.inject.Inject;
import javax.inject.Provider;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imapserver.netty.IMAPServer;
import org.apache.james.imapserver.netty.IMAPServerFactory;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;

import fr.caducee.audit.AuditTrail;

/** Builds our {@link CaduceeImapServer}s from imapserver.xml, as James's factory builds its own. */
public class CaduceeImapServerFactory extends IMAPServerFactory {
    private final CommandRefusals refusals;

    @Inject
    public CaduceeImapServerFactory(FileSystem fileSystem, Provider<ImapDecoder> decoder, Provider<ImapEncoder> encoder,
                                    Provider<ImapProcessor> processor, MetricFactory metricFactory,
                                    GaugeRegistry gaugeRegistry, AuditTrail trail) {
        super(fileSystem, decoder, encoder, processor, metricFactory, gaugeRegistry);
        this.refusals = new AuditedCommandRefusals(trail);
    }

    @Override
    protected IMAPServer createServer() {
        return new CaduceeImapServer(decoder.get(), encoder.get(), processor.get(), imapMetrics, gaugeRegistry, refusals);
    }
}
