package fr.caducee.server.receipts;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.DsnParameters;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what a local box sent ({@code caducee_sent_message}): Message-ID, envelope id ({@code ENVID}), each
 * recipient with its {@code ORCPT}, so that the receipts coming back can be matched with it. Placed first in the
 * root processor behind {@code SMTPAuthSuccessful}: mail from other operators is not followed, and the MX path
 * gains nothing. The mail is in the spool already: a crash before this mailet runs replays it, and the mail's
 * name makes the second pass a no-op. A database that cannot be written does not stop the mail: it is delivered,
 * its receipts will not be matched (logged).
 */
public class RecordSent extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecordSent.class);

    private final ReceiptStore store;
    private final Clock clock;

    @Inject
    public RecordSent(ReceiptStore store) {
        this(store, Clock.systemUTC());
    }

    RecordSent(ReceiptStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void service(Mail mail) {
        if (mail.getMaybeSender().isNullSender() || mail.getRecipients().isEmpty()) {
            return;
        }
        try {
            record(mail);
        } catch (MessagingException | RuntimeException e) {
            LOGGER.error("Message {} sent by {} is not recorded: its receipts will not be matched with it",
                mail.getName(), mail.getMaybeSender().asString(), e);
        }
    }

    private void record(Mail mail) throws MessagingException {
        Optional<DsnParameters> dsn = mail.dsnParameters();
        List<SentMessage.Recipient> recipients = mail.getRecipients().stream()
            .map(recipient -> new SentMessage.Recipient(lower(recipient), dsn
                .map(parameters -> parameters.getRcptParameters().get(recipient))
                .flatMap(DsnParameters.RecipientDsnParameters::getOrcptParameter)
                .map(RecordSent::lower)))
            .toList();
        Optional<String> messageId = MessageIds.normalize(mail.getMessage().getMessageID());
        store.recordSent(mail.getName(), lower(mail.getMaybeSender().get()), messageId,
            dsn.flatMap(DsnParameters::getEnvIdParameter).map(DsnParameters.EnvId::asString), recipients,
            clock.instant());
    }

    private static String lower(MailAddress address) {
        return address.asString().toLowerCase(Locale.ROOT);
    }

    @Override
    public String getMailetInfo() {
        return "Records what a local box sent, for its receipts to be matched with it";
    }
}
