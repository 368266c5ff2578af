package fr.caducee.rules.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Pins the MX chain: James calls the hooks of one kind in this order, so a move here changes which rule answers. */
class MxChainTest {
    static final List<String> COMMAND_HANDLERS = List.of(
        "fr.caducee.rules.smtp.Greeting",
        "org.apache.james.protocols.api.handler.CommandDispatcher",
        "fr.caducee.rules.transport.TlsFirstAuthCmdHandler",
        "org.apache.james.smtpserver.JamesDataCmdHandler",
        "fr.caducee.rules.smtp.EhloReply",
        "fr.caducee.rules.smtp.HeloReply",
        "org.apache.james.protocols.smtp.core.HelpCmdHandler",
        "org.apache.james.smtpserver.JamesMailCmdHandler",
        "org.apache.james.protocols.smtp.core.NoopCmdHandler",
        "org.apache.james.protocols.smtp.core.QuitCmdHandler",
        "org.apache.james.smtpserver.JamesRcptCmdHandler",
        "org.apache.james.protocols.smtp.core.RsetCmdHandler",
        "fr.caducee.rules.smtp.MessageSizeLimit",
        "fr.caducee.rules.transport.PatientMailClientHook",
        "org.apache.james.smtpserver.UsersRepositoryAuthHook",
        "fr.caducee.rules.transport.AuthFailureHook",
        "org.apache.james.smtpserver.AuthRequiredToRelayRcptHook",
        "fr.caducee.rules.senders.SenderAuthorizationHook",
        "org.apache.james.protocols.smtp.core.PostmasterAbuseRcptHook",
        "org.apache.james.protocols.smtp.core.ReceivedDataLineFilter",
        "org.apache.james.smtpserver.DataLineJamesMessageHookHandler",
        "org.apache.james.protocols.smtp.core.esmtp.StartTlsCmdHandler",
        "org.apache.james.smtpserver.AddDefaultAttributesMessageHook",
        "fr.caducee.rules.smtp.SpoolingHandler",
        "org.apache.james.protocols.smtp.core.UnknownCmdHandler",
        "org.apache.james.protocols.api.handler.CommandHandlerResultLogger",
        "org.apache.james.protocols.smtp.core.log.HookResultLogger",
        "fr.caducee.rules.audit.RefusalAuditHook");

    @Test
    void theMxChainRunsItsRulesInThisOrderThenTheCommandHandlers() {
        List<String> expected = new ArrayList<>(List.of(
            "fr.caducee.rules.transport.RecipientLimitHook",
            "fr.caducee.rules.transport.LongLineHook",
            "fr.caducee.rules.transport.MessageStructureHook",
            "fr.caducee.rules.transport.TlsRequiredHook",
            "fr.caducee.rules.peers.PeerCertificateHook",
            "fr.caducee.rules.peers.WhitelistedSenderHook",
            "fr.caducee.rules.peers.OperatorDnHook",
            "fr.caducee.rules.recipients.RecipientAddressHook",
            "fr.caducee.rules.recipients.TrustSpaceRecipientHook",
            "fr.caducee.rules.recipients.RegisteredRecipientHook",
            "fr.caducee.rules.patients.PatientRecipientHook",
            "org.apache.james.smtpserver.dsn.DSNEhloHook",
            "org.apache.james.smtpserver.dsn.DSNMailParameterHook",
            "org.apache.james.smtpserver.dsn.DSNRcptParameterHook",
            "org.apache.james.smtpserver.dsn.DSNMessageHook",
            "fr.caducee.rules.senders.ForgeableHeadersHook",
            "fr.caducee.rules.peers.PeerHeaderHook",
            "fr.caducee.rules.documents.DocumentHeadersHook",
            "fr.caducee.rules.transport.StorageReserveHook",
            "fr.caducee.rules.patients.ConversationTrackingHook"));
        expected.addAll(COMMAND_HANDLERS);

        assertThat(new MxChain(ChainSettings.DEFAULTS).getHandlers()).containsExactlyElementsOf(expected);
    }

    @Test
    void withTheBenchmarkSwitchNoCaduceeHandlerRuns() {
        List<String> handlers = new MxChain(ChainSettings.DEFAULTS.withRulesOff(true)).getHandlers();

        assertThat(handlers).noneMatch(handler -> handler.startsWith("fr.caducee."))
            .startsWith("org.apache.james.smtpserver.dsn.DSNEhloHook", "org.apache.james.smtpserver.dsn.DSNMailParameterHook",
                "org.apache.james.smtpserver.dsn.DSNRcptParameterHook", "org.apache.james.smtpserver.dsn.DSNMessageHook")
            .contains("org.apache.james.smtpserver.JamesWelcomeMessageHandler",
                "org.apache.james.smtpserver.AuthRequiredToRelayRcptHook");
    }

    @Test
    void withThePeerChecksSwitchOnlyTheThreePeerChecksAreLeftOut() {
        List<String> expected = new ArrayList<>(new MxChain(ChainSettings.DEFAULTS).getHandlers());
        expected.removeAll(List.of("fr.caducee.rules.peers.PeerCertificateHook",
            "fr.caducee.rules.peers.WhitelistedSenderHook", "fr.caducee.rules.peers.OperatorDnHook"));

        assertThat(new MxChain(ChainSettings.DEFAULTS.withPeerChecksOff(true)).getHandlers())
            .containsExactlyElementsOf(expected);
    }
}
