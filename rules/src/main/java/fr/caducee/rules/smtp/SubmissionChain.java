package fr.caducee.rules.smtp;

import java.util.List;

import javax.inject.Inject;

import org.apache.james.protocols.lib.handler.HandlersPackage;
import org.apache.james.smtpserver.dsn.DSNEhloHook;
import org.apache.james.smtpserver.dsn.DSNMailParameterHook;
import org.apache.james.smtpserver.dsn.DSNMessageHook;
import org.apache.james.smtpserver.dsn.DSNRcptParameterHook;

import fr.caducee.rules.documents.DocumentHeadersHook;
import fr.caducee.rules.patients.ConversationTrackingHook;
import fr.caducee.rules.patients.PatientRecipientHook;
import fr.caducee.rules.patients.PatientReplyHook;
import fr.caducee.rules.recipients.RecipientAddressHook;
import fr.caducee.rules.recipients.RegisteredRecipientHook;
import fr.caducee.rules.recipients.TrustSpaceRecipientHook;
import fr.caducee.rules.senders.AuthenticatedHeaderHook;
import fr.caducee.rules.senders.ForgeableHeadersHook;
import fr.caducee.rules.senders.FromHeaderHook;
import fr.caducee.rules.transport.AuthenticationRequiredHook;
import fr.caducee.rules.transport.LongLineHook;
import fr.caducee.rules.transport.MessageStructureHook;
import fr.caducee.rules.transport.RecipientLimitHook;
import fr.caducee.rules.transport.StorageReserveHook;
import fr.caducee.rules.transport.SubmissionTicketHook;

/**
 * The chain of the submission listeners ({@code submission}, STARTTLS, and {@code submissions}, implicit TLS:
 * professionals' clients and practice software, AUTH required), named by their {@code coreHandlersPackage} in
 * smtpserver.xml. James calls the hooks of one kind in the order of this list: the rules first, then
 * {@link CommandHandlers}.
 */
public class SubmissionChain implements HandlersPackage {
    static final List<String> RULES = MxChain.names(
        // Hostile input: at most maxRecipients recipients (452 4.5.3 beyond); overlong lines and MIME structures no
        // client needs refused at the end of DATA (554 5.6.0) before anything parses them.
        RecipientLimitHook.class,
        LongLineHook.class,
        MessageStructureHook.class,
        AuthenticationRequiredHook.class,
        // The patients' webmail logs in with a single-use ticket, from loopback only, before James's password check;
        // it also learns the rule of each refusal its session meets.
        SubmissionTicketHook.class,
        FromHeaderHook.class,
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
        AuthenticatedHeaderHook.class,
        DocumentHeadersHook.class,
        PatientReplyHook.class,
        // Short of disk space: 452 4.3.1 at MAIL FROM and at the end of DATA, before the message is recorded or
        // spooled. After the rules, so that a message they refuse gets its permanent answer.
        StorageReserveHook.class,
        ConversationTrackingHook.class);

    private final ChainSettings settings;

    @Inject
    public SubmissionChain(ChainSettings settings) {
        this.settings = settings;
    }

    @Override
    public List<String> getHandlers() {
        return settings.rulesOff() ? BenchmarkChainWithoutRules.HANDLERS : MxChain.chain(RULES);
    }
}
