package fr.caducee.rules.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Pins the submission chain: James calls the hooks of one kind in this order. */
class SubmissionChainTest {
    @Test
    void theSubmissionChainRunsItsRulesInThisOrderThenTheCommandHandlers() {
        List<String> expected = new ArrayList<>(List.of(
            "fr.caducee.rules.transport.RecipientLimitHook",
            "fr.caducee.rules.transport.LongLineHook",
            "fr.caducee.rules.transport.MessageStructureHook",
            "fr.caducee.rules.transport.AuthenticationRequiredHook",
            "fr.caducee.rules.transport.SubmissionTicketHook",
            "fr.caducee.rules.senders.FromHeaderHook",
            "fr.caducee.rules.recipients.RecipientAddressHook",
            "fr.caducee.rules.recipients.TrustSpaceRecipientHook",
            "fr.caducee.rules.recipients.RegisteredRecipientHook",
            "fr.caducee.rules.patients.PatientRecipientHook",
            "org.apache.james.smtpserver.dsn.DSNEhloHook",
            "org.apache.james.smtpserver.dsn.DSNMailParameterHook",
            "org.apache.james.smtpserver.dsn.DSNRcptParameterHook",
            "org.apache.james.smtpserver.dsn.DSNMessageHook",
            "fr.caducee.rules.senders.ForgeableHeadersHook",
            "fr.caducee.rules.senders.AuthenticatedHeaderHook",
            "fr.caducee.rules.documents.DocumentHeadersHook",
            "fr.caducee.rules.patients.PatientReplyHook",
            "fr.caducee.rules.transport.StorageReserveHook",
            "fr.caducee.rules.patients.ConversationTrackingHook"));
        expected.addAll(MxChainTest.COMMAND_HANDLERS);

        assertThat(new SubmissionChain(ChainSettings.DEFAULTS).getHandlers()).containsExactlyElementsOf(expected);
    }

    @Test
    void withTheBenchmarkSwitchNoCaduceeHandlerRuns() {
        assertThat(new SubmissionChain(ChainSettings.DEFAULTS.withRulesOff(true)).getHandlers())
            .noneMatch(handler -> handler.startsWith("fr.caducee."));
    }
}
