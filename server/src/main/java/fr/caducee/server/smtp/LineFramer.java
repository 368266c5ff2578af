package fr.caducee.server.smtp;

import java.util.List;

import org.apache.james.protocols.netty.AllButStartTlsLineBasedChannelHandler;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;

/**
 * James's SMTP line decoder, followed in the pipeline by our {@link OverlongLineHandler}, and with {@code STARTTLS}
 * and a parameter answered as the syntax error it is.
 */
final class LineFramer extends AllButStartTlsLineBasedChannelHandler {
    private final OverlongLineHandler overlong;

    LineFramer(ChannelPipeline pipeline, int maxLineLength, OverlongLineHandler overlong) {
        super(pipeline, maxLineLength, false, "starttls");
        this.overlong = overlong;
    }

    /**
     * James takes a line that starts with {@code STARTTLS} and goes on ({@code STARTTLS extra}) for a command
     * injection: {@code 451} and the connection closed. Alone in what was read, nothing rides on it (no TLS starts):
     * James's STARTTLS handler answers it {@code 501 5.5.4}, a syntax error in parameters (RFC 3207 4), and the
     * session goes on. A STARTTLS line with other lines behind it in the same read is still refused as James does.
     */
    @Override
    protected boolean hasInvalidStartTlsPart(List<String> parts) {
        return parts.size() > 1 && super.hasInvalidStartTlsPart(parts);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        ctx.pipeline().addAfter(ctx.name(), "caduceeOverlongLine", overlong);
    }
}
