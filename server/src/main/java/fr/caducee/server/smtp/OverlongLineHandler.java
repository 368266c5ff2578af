package fr.caducee.server.smtp;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.netty.BasicChannelInboundHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.smtpserver.ExtendedSMTPSession;
import org.apache.james.smtpserver.SMTPConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.rules.transport.LongLineHook;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;

/**
 * What the SMTP server does with a line longer than it reads, in place of James's answer (a {@code 500} without
 * enhanced status code, written even in the middle of DATA, after which the rest of the message was accepted without
 * the line). Inside DATA: no answer (the client expects none before the final dot), the transaction is marked and
 * {@link LongLineHook} refuses the whole message. Outside DATA: {@code 500 5.5.2} with a sentence, the session goes on.
 * Sits right after the line decoder, whose too-long error it takes before James's core handler sees it.
 */
@ChannelHandler.Sharable
final class OverlongLineHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOGGER = LoggerFactory.getLogger(OverlongLineHandler.class);

    private final int limit;

    OverlongLineHandler(int limit) {
        this.limit = limit;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Object attached = ctx.channel().attr(BasicChannelInboundHandler.SESSION_ATTRIBUTE_KEY).get();
        if (!(cause instanceof TooLongFrameException) || !(attached instanceof ProtocolSessionImpl session)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        if (inData(session)) {
            session.setAttachment(LongLineHook.LINE_CUT, limit, ProtocolSession.State.Transaction);
            LOGGER.info("A line longer than {} bytes inside DATA: the message will be refused", limit);
        } else {
            session.getProtocolTransport().writeResponse(new SMTPResponse("500", "5.5.2 The command line is longer than "
                + limit + " bytes and was not read: send commands of at most 512 bytes (RFC 5321)"), session);
        }
    }

    /** Between DATA's 354 and the final dot: the message is being written and the mail not yet built from it. */
    private static boolean inData(ProtocolSession session) {
        return session instanceof ExtendedSMTPSession smtp && smtp.getMimeMessageWriter() != null
            && session.getAttachment(SMTPConstants.MAIL, ProtocolSession.State.Transaction).isEmpty();
    }
}
