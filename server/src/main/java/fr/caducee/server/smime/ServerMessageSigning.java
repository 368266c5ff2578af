package fr.caducee.server.smime;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.identity.smime.ServerSigner;
import fr.caducee.rules.senders.ServerWritten;

/**
 * Signs with the operator's key every mail the server wrote itself ({@link ServerWritten}: DSNs, the record's
 * receipts and notices, the gateway's mails), once, before it is delivered or relayed; a mail without the mark (what a
 * professional or another operator sent) is left as it is, whatever the matcher. With {@code caducee.smime.sign=false}
 * it does nothing.
 *
 * <p>A mail that cannot be signed is not sent unsigned and not dropped: the failure goes to the {@code error}
 * processor, which keeps it in {@code var/mail/error} (WebAdmin can reprocess it once the cause is fixed).
 */
public class ServerMessageSigning extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(ServerMessageSigning.class);

    private final Optional<ServerSigner> signer;

    @Inject
    public ServerMessageSigning(OperatorSignature signature) {
        this.signer = signature.signer();
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<String> writer = ServerWritten.writer(mail);
        if (signer.isEmpty() || writer.isEmpty()) {
            return;
        }
        MimeMessage message = mail.getMessage();
        if (ServerSigner.isSigned(message)) {
            return;
        }
        try {
            mail.setMessage(signer.get().sign(message));
        } catch (MessagingException | RuntimeException e) {
            LOGGER.error("Mail {} ({}) could not be signed with the operator's key: kept, not sent unsigned",
                mail.getName(), writer.get(), e);
            throw new MessagingException("mail " + mail.getName() + " could not be signed: " + e.getMessage(), e);
        }
        LOGGER.debug("Mail {} ({}) signed with the operator's key", mail.getName(), writer.get());
    }

    @Override
    public String getMailetInfo() {
        return "Signs the mails the server wrote itself with the operator's S/MIME key";
    }
}
