package fr.caducee.server.smtp;

import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.protocols.netty.ChannelHandlerFactory;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SmtpMetricsImpl;

/** James's SMTP server with our handling of overlong lines ({@link OverlongLineHandler}). */
final class CaduceeSmtpServer extends SMTPServer {
    CaduceeSmtpServer(SmtpMetricsImpl metrics) {
        super(metrics);
    }

    @Override
    protected ChannelHandlerFactory createFrameHandlerFactory() {
        int limit = AbstractChannelPipelineFactory.MAX_LINE_LENGTH;
        OverlongLineHandler overlong = new OverlongLineHandler(limit);
        return pipeline -> new LineFramer(pipeline, limit, overlong);
    }
}
