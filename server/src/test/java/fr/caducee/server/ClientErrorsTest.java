package fr.caducee.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import fr.caducee.server.metrics.TlsFailures;
import io.netty.handler.ssl.NotSslRecordException;

class ClientErrorsTest {

    @Test
    void aFailedHandshakeIsToldWithItsReasonAndTheConnectionClosed() {
        Seen after = new Seen();
        EmbeddedChannel channel = new EmbeddedChannel(new ClientErrors("mx", new TlsFailures()), after);

        channel.pipeline().fireExceptionCaught(
            new DecoderException(new SSLHandshakeException("Empty client certificate chain")));

        assertThat(after.failure).as("not passed on to James's handler").isNull();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anyOtherFailureGoesOnToJamesAsBefore() {
        Seen after = new Seen();
        EmbeddedChannel channel = new EmbeddedChannel(new ClientErrors("mx", new TlsFailures()), after);
        IllegalStateException bug = new IllegalStateException("a fault of ours");

        channel.pipeline().fireExceptionCaught(bug);

        assertThat(after.failure).isSameAs(bug);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void theReasonSaysWhatTheClientDid() {
        assertThat(ClientErrors.reason(new DecoderException(new NotSslRecordException("not an SSL/TLS record: 45484c4f"))))
            .contains("not TLS (plain text on a TLS port?), connection closed");
        assertThat(ClientErrors.reason(new DecoderException(new SSLHandshakeException(
            "Client requested protocol TLSv1 is not enabled or supported in server context"))))
            .contains("TLS handshake failed: Client requested protocol TLSv1 is not enabled or supported in server context");
        assertThat(ClientErrors.reason(new SSLException("Unknown handshake type size, Handshake.msg_type = 240")))
            .contains("TLS failed: Unknown handshake type size, Handshake.msg_type = 240");
        assertThat(ClientErrors.reason(new IOException("Connection reset by peer")))
            .contains("connection closed abruptly (Connection reset by peer)");
        assertThat(ClientErrors.reason(new IOException("No space left on device"))).isEmpty();
        assertThat(ClientErrors.reason(new NullPointerException())).isEmpty();
    }

    @Test
    void theClientIsNamedByAddressAndPort() {
        assertThat(ClientErrors.address(new InetSocketAddress("192.0.2.7", 52114))).isEqualTo("192.0.2.7:52114");
    }

    private static final class Seen extends ChannelInboundHandlerAdapter {
        Throwable failure;

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            failure = cause;
        }
    }
}
