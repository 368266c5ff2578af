package fr.caducee.rules.smtp;

import java.util.List;

import javax.inject.Inject;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloCmdHandler;

/**
 * James's EHLO, its first line written as RFC 5321 4.1.1.1 does: {@code 250-mx.chu.example Hello client.example
 * [192.0.2.1]}. James ended it with a stray {@code )} ({@code [192.0.2.1])}), an opening parenthesis lost in a
 * rewrite; its HELO does the same ({@link HeloReply}).
 */
public class EhloReply extends EhloCmdHandler {

    @Inject
    public EhloReply(MetricFactory metricFactory) {
        super(metricFactory);
    }

    @Override
    protected Response doCoreCmd(SMTPSession session, String command, String parameters) {
        return withoutStrayParenthesis(super.doCoreCmd(session, command, parameters));
    }

    /** The same reply, its first line without the {@code )} after the client's address. */
    static Response withoutStrayParenthesis(Response reply) {
        List<CharSequence> lines = reply.getLines();
        if (lines.isEmpty() || reply.isEndSession()) {
            return reply;
        }
        String first = text(lines.get(0));
        if (!first.endsWith("])")) {
            return reply;
        }
        SMTPResponse fixed = new SMTPResponse(reply.getRetCode(), first.substring(0, first.length() - 1));
        lines.stream().skip(1).map(EhloReply::text).forEach(fixed::appendLine);
        return fixed;
    }

    /** A line of the reply without its code and separator ({@code 250-} or {@code 250 }). */
    private static String text(CharSequence line) {
        return line.toString().substring(4);
    }
}
