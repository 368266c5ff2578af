package fr.caducee.server.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;

import org.apache.james.mailetcontainer.impl.CompositeProcessorImpl;
import org.apache.james.mailetcontainer.impl.MailetProcessorImpl;
import org.apache.mailet.Mailet;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

class FailedProcessorsTest {
    @Test
    void theFailingMailetIsReadFromJamesErrorMessage() {
        assertThat(FailedProcessors.failingMailet("Exception calling fr.caducee.rules.audit.AuditedLocalDelivery: "
            + "store unavailable\n\tat x.Y(Y.java:1)")).contains("fr.caducee.rules.audit.AuditedLocalDelivery");
        assertThat(FailedProcessors.failingMailet("550 5.7.1 Nothing was sent")).isEmpty();
        assertThat(FailedProcessors.failingMailet(null)).isEmpty();
    }

    @Test
    void theProcessorsHoldingAMailetAreFoundInTheContainer() {
        CompositeProcessorImpl container = mock(CompositeProcessorImpl.class);
        when(container.getProcessorStates()).thenReturn(new String[] {"root", "transport", "error"});
        MailetProcessorImpl root = processor("ServerMessageSigning");
        MailetProcessorImpl transport = processor("RemoveMimeHeader", "AuditedLocalDelivery");
        MailetProcessorImpl error = processor("ToRepository", "AuditedLocalDelivery");
        when(container.getProcessor("root")).thenReturn(root);
        when(container.getProcessor("transport")).thenReturn(transport);
        when(container.getProcessor("error")).thenReturn(error);

        FailedProcessors processors = new FailedProcessors(container);

        assertThat(processors.holding("ServerMessageSigning")).containsExactly("root");
        assertThat(processors.holding("AuditedLocalDelivery")).containsExactly("transport", "error");
        assertThat(processors.holding("Unknown")).isEmpty();
    }

    private static MailetProcessorImpl processor(String... mailetNames) {
        MailetProcessorImpl processor = mock(MailetProcessorImpl.class);
        List<Mailet> mailets = java.util.Arrays.stream(mailetNames).map(name -> {
            Mailet mailet = mock(Mailet.class);
            when(mailet.getMailetConfig()).thenReturn(FakeMailetConfig.builder().mailetName(name).build());
            return mailet;
        }).toList();
        when(processor.getMailets()).thenReturn(mailets);
        return processor;
    }
}
