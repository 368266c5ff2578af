package fr.caducee.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.Optional;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.server.metrics.TlsFailures;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;

/**
 * A client's TLS failure (a handshake it cannot finish, plain text on a TLS port, a certificate the MX does not
 * trust) or an abrupt close, told in one line with the reason and the client's address, and the connection closed.
 *
 * <p>Placed in front of James's SMTP and IMAP handlers, which log such failures with their stack trace (SMTP at ERROR,
 * "Unable to process request", IMAP at WARN): the client's doing, not the server's, and one stack trace per port
 * scan. Any other failure goes on to James's handler as before.
 */
@ChannelHandler.Sharable
public final class ClientErrors extends ChannelInboundHandlerAdapter {
    public static final String NAME = "clientErrors";
    private static final Logger LOGGER = LoggerFactory.getLogger(ClientErrors.class);

    private final String listener;
    private final TlsFailures failures;

    /** @param failures where each failure is counted by reason ({@code caducee_tls_failures_total}) */
    public ClientErrors(String listener, TlsFailures failures) {
        this.listener = listener;
        this.failures = failures;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        Optional<String> reason = reason(cause);
        if (reason.isEmpty()) {
            context.fireExceptionCaught(cause);
            return;
        }
        failures.count(listener, cause);
        LOGGER.info("{}: client {}: {}", listener, address(context.channel().remoteAddress()), reason.get());
        context.close();
    }

    /** What the client did, in a sentence; empty when the failure is not a client's TLS or connection failure. */
    static Optional<String> reason(Throwable cause) {
        for (Throwable failure = cause; failure != null; failure = failure.getCause()) {
            if (failure instanceof NotSslRecordException) {
                return Optional.of("not TLS (plain text on a TLS port?), connection closed");
            }
            if (failure instanceof SSLHandshakeException) {
                return Optional.of("TLS handshake failed: " + failure.getMessage());
            }
            if (failure instanceof SSLException) {
                return Optional.of("TLS failed: " + failure.getMessage());
            }
            if (failure instanceof IOException && closedByPeer(failure.getMessage())) {
                return Optional.of("connection closed abruptly (" + failure.getMessage() + ")");
            }
        }
        return Optional.empty();
    }

    private static boolean closedByPeer(String message) {
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return text.contains("connection reset") || text.contains("broken pipe");
    }

    static String address(SocketAddress remote) {
        if (remote instanceof InetSocketAddress) {
            InetSocketAddress address = (InetSocketAddress) remote;
            String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
            return host + ":" + address.getPort();
        }
        return String.valueOf(remote);
    }
}
