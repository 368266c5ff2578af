package fr.caducee.server.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.StringReader;
import java.net.InetSocketAddress;
import java.util.List;

import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.io.FileHandler;
import org.apache.james.protocols.lib.netty.AbstractConfigurableAsyncServer;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.junit.jupiter.api.Test;

class SubmissionEndpointTest {
    static final String SERVERS = "<smtpservers>"
        + "<smtpserver enabled=\"true\"><jmxName>mx</jmxName></smtpserver>"
        + "<smtpserver enabled=\"true\"><jmxName>submission</jmxName></smtpserver>"
        + "<smtpserver enabled=\"true\"><jmxName>submissions</jmxName></smtpserver>"
        + "</smtpservers>";

    final ConfigurationProvider configuration = mock(ConfigurationProvider.class);
    final SMTPServerFactory smtp = mock(SMTPServerFactory.class);

    @Test
    void theImplicitTlsListenerOnLoopbackIsFoundOnceAndRememberedForEveryMessage() throws Exception {
        List<AbstractConfigurableAsyncServer> servers = servers();
        when(configuration.getConfiguration("smtpserver")).thenReturn(xml(SERVERS));
        when(smtp.getServers()).thenReturn(servers);
        SubmissionEndpoint.Lookup lookup = new SubmissionEndpoint.Lookup(smtp, configuration);

        for (int message = 0; message < 3; message++) {
            assertThat(lookup.get()).contains(new SubmissionEndpoint("127.0.0.1", 10465, true));
        }
        verify(configuration, times(1)).getConfiguration("smtpserver");
    }

    @Test
    void beforeTheListenersAreBoundNothingIsRememberedAndTheNextMessageLooksAgain() throws Exception {
        List<AbstractConfigurableAsyncServer> servers = servers();
        when(configuration.getConfiguration("smtpserver")).thenReturn(xml(SERVERS));
        when(smtp.getServers()).thenReturn(List.of()).thenReturn(servers);
        SubmissionEndpoint.Lookup lookup = new SubmissionEndpoint.Lookup(smtp, configuration);

        assertThat(lookup.get()).isEmpty();
        assertThat(lookup.get()).contains(new SubmissionEndpoint("127.0.0.1", 10465, true));
    }

    /** The three listeners of james-config/smtpserver.xml, in its order, on loopback. */
    private static List<AbstractConfigurableAsyncServer> servers() {
        return List.of(server("plain", 10025), server("plain", 10587), server("secure", 10465));
    }

    private static AbstractConfigurableAsyncServer server(String socketType, int port) {
        AbstractConfigurableAsyncServer server = mock(AbstractConfigurableAsyncServer.class);
        when(server.getSocketType()).thenReturn(socketType);
        when(server.getListenAddresses()).thenReturn(List.of(new InetSocketAddress("127.0.0.1", port)));
        return server;
    }

    private static XMLConfiguration xml(String text) throws Exception {
        XMLConfiguration xml = new XMLConfiguration();
        new FileHandler(xml).load(new StringReader(text));
        return xml;
    }
}
