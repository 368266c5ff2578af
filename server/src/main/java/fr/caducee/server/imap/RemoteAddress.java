package fr.caducee.server.imap;

import java.net.InetSocketAddress;

import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imapserver.netty.NettyConstants;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Keeps the client's address on its IMAP session, where the processors, which see the session and not the socket,
 * read it for the audit trail of logins ({@link SectorLoginGuard}). Sits after James's handler, which creates the
 * session when the connection opens.
 */
final class RemoteAddress extends ChannelInboundHandlerAdapter {
    static final String NAME = "caduceeRemoteAddress";
    static final String ATTRIBUTE = "caducee.remoteAddress";

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ImapSession session = ctx.channel().attr(NettyConstants.IMAP_SESSION_ATTRIBUTE_KEY).get();
        if (session != null && ctx.channel().remoteAddress() instanceof InetSocketAddress address
                && address.getAddress() != null) {
            session.setAttribute(ATTRIBUTE, address.getAddress().getHostAddress());
        }
        super.channelActive(ctx);
    }

    /** The client's IP address, or null when unknown. */
    static String of(ImapSession session) {
        return session.getAttribute(ATTRIBUTE) instanceof String address ? address : null;
    }
}
