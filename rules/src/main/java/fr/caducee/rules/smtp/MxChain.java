package fr.caducee.rules.smtp;

import java.util.List;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.james.protocols.lib.handler.HandlersPackage;
import org.apache.james.smtpserver.dsn.DSNEhloHook;
import org.apache.james.smtpserver.dsn.DSNMailParameterHook;
import org.apache.james.smtpserver.dsn.DSNMessageHook;
import org.apache.james.smtpserver.dsn.DSNRcptParameterHook;

import fr.caducee.rules.documents.DocumentHeadersHook;
import fr.caducee.rules.patients.ConversationTrackingHook;
import fr.caducee.rules.patients.PatientRecipientHook;
import fr.caducee.rules.peers.OperatorDnHook;
import fr.caducee.rules.peers.PeerCertificateHook;
import fr.caducee.rules.peers.PeerHeaderHook;
import fr.caducee.rules.peers.WhitelistedSenderHook;
import fr.caducee.rules.recipients.RecipientAddressHook;
import fr.caducee.rules.recipients.RegisteredRecipientHook;
import fr.caducee.rules.recipients.TrustSpaceRecipientHook;
import fr.caducee.rules.senders.ForgeableHeadersHook;
import fr.caducee.rules.transport.LongLineHook;
import fr.caducee.rules.transport.MessageStructureHook;
import fr.caducee.rules.transport.RecipientLimitHook;
import fr.caducee.rules.transport.StorageReserveHook;
import fr.caducee.rules.transport.TlsRequiredHook;

/**
 * The MX listener's chain (other operators of the trust space, mutual TLS, no AUTH), named by {@code mx}'s
 * {@code coreHandlersPackage} in smtpserver.xml. James calls the hooks of one kind (connect, MAIL, RCPT, message...)
 * in the order of this list: the rules come first, then {@link CommandHandlers}. A message hook here decides before
 * the message is spooled and answered 250.
 */
public class MxChain implements HandlersPackage {
    static final List<String> RULES = names(
        // Hostile input: at most maxRecipients recipients (452 4.5.3 beyond); a line longer than the server reads,
        // and MIME structures no client needs, refused at the end of DATA (554 5.6.0) before anything parses them.
        RecipientLimitHook.class,
        LongLineHook.class,
        MessageStructureHook.class,
        TlsRequiredHook.class,
        PeerCertificateHook.class,
        WhitelistedSenderHook.class,
        OperatorDnHook.class,
        RecipientAddressHook.class,
        TrustSpaceRecipientHook.class,
        RegisteredRecipientHook.class,
        // Patients write only within conversations professionals started (or to their pharmacist).
        PatientRecipientHook.class,
        // Delivery status notifications (RFC 3461): NOTIFY and RET/ENVID are accepted and honoured.
        DSNEhloHook.class,
        DSNMailParameterHook.class,
        DSNRcptParameterHook.class,
        DSNMessageHook.class,
        ForgeableHeadersHook.class,
        PeerHeaderHook.class,
        DocumentHeadersHook.class,
        // Short of disk space: 452 4.3.1 at MAIL FROM and at the end of DATA, before the message is recorded or
        // spooled. After the rules, so that a message they refuse gets its permanent answer.
        StorageReserveHook.class,
        ConversationTrackingHook.class);

    /** What {@code caducee.benchmark.peerChecksOff=true} leaves out, to measure their cost (scripts/bench-trust). */
    static final List<String> PEER_CHECKS =
        names(PeerCertificateHook.class, WhitelistedSenderHook.class, OperatorDnHook.class);

    private final ChainSettings settings;

    @Inject
    public MxChain(ChainSettings settings) {
        this.settings = settings;
    }

    @Override
    public List<String> getHandlers() {
        if (settings.rulesOff()) {
            return BenchmarkChainWithoutRules.HANDLERS;
        }
        if (settings.peerChecksOff()) {
            return chain(RULES.stream().filter(rule -> !PEER_CHECKS.contains(rule)).toList());
        }
        return chain(RULES);
    }

    /** The rules, then the command handlers every listener shares. */
    static List<String> chain(List<String> rules) {
        return Stream.concat(rules.stream(), CommandHandlers.ALL.stream()).toList();
    }

    static List<String> names(Class<?>... handlers) {
        return Stream.of(handlers).map(Class::getName).toList();
    }
}
