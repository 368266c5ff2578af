package fr.caducee.server.imap;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.message.Capability;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;

import com.google.common.collect.ImmutableSet;

import reactor.core.publisher.Mono;

/**
 * CONDSTORE (RFC 7162) is advertised in CAPABILITY and can be enabled on its own, not only through QRESYNC.
 *
 * <p>James 3.8.1 implements CONDSTORE (MODSEQ in FETCH and SEARCH, STORE UNCHANGEDSINCE, HIGHESTMODSEQ at SELECT)
 * but leaves it out of CAPABILITY unless its IMAP configuration says {@code isCondstoreEnable}, which
 * {@code IMAPServer} never sets from imapserver.xml: clients saw QRESYNC without the CONDSTORE it implies (RFC 7162
 * 3.2.3), and {@code ENABLE CONDSTORE} enabled nothing. Here the configuration James's processors receive has it set;
 * {@code disabledCaps} in imapserver.xml can still turn it off.
 */
final class CondstoreEnabled implements ImapProcessor {
    private final ImapProcessor processors;

    CondstoreEnabled(ImapProcessor processors) {
        this.processors = processors;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        return processors.processReactive(message, responder, session);
    }

    @Override
    public void configure(ImapConfiguration configuration) {
        processors.configure(withCondstore(configuration));
    }

    static ImapConfiguration withCondstore(ImapConfiguration configuration) {
        ImapConfiguration.Builder builder = ImapConfiguration.builder()
            .enableIdle(configuration.isEnableIdle())
            .idleTimeInterval(configuration.getIdleTimeInterval())
            .idleTimeIntervalUnit(configuration.getIdleTimeIntervalUnit())
            .disabledCaps(configuration.getDisabledCaps().stream().map(Capability::asString)
                .collect(ImmutableSet.toImmutableSet()))
            .maxQueueSize(configuration.getMaxQueueSize())
            .concurrentRequests(configuration.getConcurrentRequests())
            .isProvisionDefaultMailboxes(configuration.isProvisionDefaultMailboxes())
            .withCustomProperties(configuration.getCustomProperties())
            // James removes CONDSTORE from the disabled capabilities when it is enabled: enabled unless disabled.
            .isCondstoreEnable(!configuration.getDisabledCaps().contains(ImapConstants.SUPPORTS_CONDSTORE));
        configuration.getAppendLimit().ifPresent(builder::appendLimit);
        return builder.build();
    }
}
