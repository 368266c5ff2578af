package fr.caducee.server.smtp;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.netty.BasicChannelInboundHandler;
import org.apache.james.protocols.smtp.SMTPConfigurationImpl;
import org.apache.james.smtpserver.ExtendedSMTPSession;

import io.netty.channel.embedded.EmbeddedChannel;

/** A connection to the SMTP server without a socket: our line handling in a channel, James's session attached to it. */
final class SmtpChannel {
    final EmbeddedChannel channel = new EmbeddedChannel();
    final List<Response> answers = new ArrayList<>();
    final ExtendedSMTPSession session;

    SmtpChannel() {
        ProtocolTransport transport = mock(ProtocolTransport.class);
        when(transport.getRemoteAddress()).thenReturn(new InetSocketAddress("127.0.0.1", 40_000));
        when(transport.getId()).thenReturn("channel-test");
        doAnswer(call -> answers.add(call.getArgument(0))).when(transport).writeResponse(any(), any());
        session = new ExtendedSMTPSession(new SMTPConfigurationImpl(), transport);
        channel.attr(BasicChannelInboundHandler.SESSION_ATTRIBUTE_KEY).set(session);
    }
}
