package fr.caducee.mailets.smtp;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.MailSizeEsmtpExtension;

/**
 * The SIZE extension and the DATA size limit ({@code maxmessagesize} in smtpserver.xml). James answers a message
 * that grows past the limit during DATA with a bare {@code 552 Quota exceeded}; this gives it the enhanced code
 * (RFC 3463: 5.3.4, message too big for system) and a sentence saying what to do, as the SIZE refusal already has.
 */
public class MessageSizeLimit extends MailSizeEsmtpExtension {
    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        Response response = super.onLine(session, line, next);
        if (response != null && SMTPRetCode.QUOTA_EXCEEDED.equals(response.getRetCode())) {
            SmtpRefusal refusal = new SmtpRefusal(SMTPRetCode.QUOTA_EXCEEDED, "5.3.4", "message-too-big",
                "Message size exceeds the maximum of " + session.getConfiguration().getMaxMessageSize()
                    + " bytes accepted here: send the documents in several messages");
            refusal.audit(session, "DATA");
            return new SMTPResponse(refusal.replyCode(), refusal.description());
        }
        return response;
    }
}
