package fr.caducee.server.smtp;

import org.apache.james.protocols.netty.AllButStartTlsLineBasedChannelHandler;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;

/** James's SMTP line decoder, followed in the pipeline by our {@link OverlongLineHandler}. */
final class LineFramer extends AllButStartTlsLineBasedChannelHandler {
    private final OverlongLineHandler overlong;

    LineFramer(ChannelPipeline pipeline, int maxLineLength, OverlongLineHandler overlong) {
        super(pipeline, maxLineLength, false, "starttls");
        this.overlong = overlong;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        ctx.pipeline().addAfter(ctx.name(), "caduceeOverlongLine", overlong);
    }
}
