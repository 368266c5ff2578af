package fr.caducee.server.webmail;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.domain.model.PatientAddress;
import fr.caducee.server.records.RecordsSettings;

/**
 * A mail now in patients' boxes (processor {@code local-delivered}, after the store took it): each patient is told
 * at their personal address, if they gave one ({@link NoticeRelay#tell}). The shared record's notice of a new
 * document is such a mail, from the record's box: it is told as a document, and it is the only notice of that
 * document (the deposit writes nothing else for it). The mail itself is never changed nor held back.
 *
 * <p>The notice is written after the delivery, not in its transaction: a crash between the two delivers the mail
 * again from the spool, and with it the notice (a notice waiting already absorbs the second).
 */
public class NoticeOnDelivery extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(NoticeOnDelivery.class);

    private final NoticeRelay relay;
    private final String recordBox;

    @Inject
    public NoticeOnDelivery(NoticeRelay relay, RecordsSettings records) {
        this(relay, records.box());
    }

    NoticeOnDelivery(NoticeRelay relay, String recordBox) {
        this.relay = relay;
        this.recordBox = recordBox;
    }

    @Override
    public void service(Mail mail) {
        NoticeQueue.Kind kind = mail.getMaybeSender().asOptional()
            .filter(sender -> sender.asString().equalsIgnoreCase(recordBox))
            .map(sender -> NoticeQueue.Kind.DOCUMENT).orElse(NoticeQueue.Kind.MESSAGE);
        for (MailAddress recipient : mail.getRecipients()) {
            if (!PatientAddress.isPatientAddress(recipient.asString())) {
                continue;
            }
            try {
                relay.tell(recipient.asString(), kind);
            } catch (RuntimeException e) {
                // The mail is in the box: a notice that cannot be written must not send it to the error processor.
                LOGGER.warn("No notice written for mail {} to {}: {}", mail.getName(), recipient.asString(),
                    e.getMessage(), e);
            }
        }
    }

    @Override
    public String getMailetInfo() {
        return "Tells patients at their personal address that a message or a document arrived, without health data";
    }
}
