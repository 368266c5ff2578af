package fr.caducee.rules.smtp;

import javax.inject.Inject;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.HeloCmdHandler;

/** James's HELO, its line without the stray {@code )} after the client's address ({@link EhloReply}). */
public class HeloReply extends HeloCmdHandler {

    @Inject
    public HeloReply(MetricFactory metricFactory) {
        super(metricFactory);
    }

    @Override
    protected Response doCoreCmd(SMTPSession session, String command, String parameters) {
        return EhloReply.withoutStrayParenthesis(super.doCoreCmd(session, command, parameters));
    }
}
