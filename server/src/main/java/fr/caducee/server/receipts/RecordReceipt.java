package fr.caducee.server.receipts;

import java.time.Clock;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.identity.smime.SignedMessages;

/**
 * A receipt stored in a local box (processor {@code local-delivered}, after the store took it): a DSN or MDN
 * ({@link ReportReader}), or ANS's plain e-mail receipt ({@link PlainReceipt}), is matched with the message the box
 * sent ({@link ReceiptRecorder}). The mail itself is never changed nor held back:
 * a receipt is mail its reader may read. One that cannot be read, or matched with nothing this box sent, stays in
 * the box and is logged (WARN with its Message-ID).
 */
public class RecordReceipt extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecordReceipt.class);

    private final ReceiptRecorder recorder;
    private final Clock clock;

    @Inject
    public RecordReceipt(ReceiptRecorder recorder) {
        this(recorder, Clock.systemUTC());
    }

    RecordReceipt(ReceiptRecorder recorder, Clock clock) {
        this.recorder = recorder;
        this.clock = clock;
    }

    @Override
    public void service(Mail mail) {
        try {
            recordIfReceipt(mail);
        } catch (MessagingException | RuntimeException e) {
            // The mail is in its boxes already: whatever fails here must not send it to the error processor.
            LOGGER.warn("Mail {} to {} could not be looked at as a receipt, left in the box: {}", mail.getName(),
                mail.getRecipients(), e.getMessage(), e);
        }
    }

    private void recordIfReceipt(Mail mail) throws MessagingException {
        // A receipt signed by its operator (ours signs every DSN and MDN it writes) is read from what it signed.
        MimeMessage message = SignedMessages.unwrapped(mail.getMessage());
        boolean report = message.isMimeType("multipart/report");
        if (!report && PlainReceipt.code(message.getSubject()).isEmpty()) {
            return;
        }
        String receiptId = Optional.ofNullable(message.getMessageID()).flatMap(MessageIds::normalize).orElse("");
        Optional<? extends Report> read;
        try {
            read = report ? ReportReader.read(message) : PlainReceipt.read(message);
        } catch (UnreadableReportException e) {
            LOGGER.warn("Receipt {} to {} cannot be read, left in the box as it is: {}", describe(receiptId),
                mail.getRecipients(), e.getMessage());
            return;
        }
        if (read.isEmpty()) {
            return;
        }
        for (MailAddress box : mail.getRecipients()) {
            try {
                ReceiptRecorder.Outcome outcome = recorder.record(box.asString(), read.get(), receiptId,
                    clock.instant());
                if (outcome.sent().isEmpty()) {
                    LOGGER.warn("Receipt {} to {} is about {}, which this box did not send through us: left in the box",
                        describe(receiptId), box.asString(),
                        read.get().originalMessageId().orElse("a message it does not name"));
                } else if (!outcome.strangers().isEmpty()) {
                    LOGGER.warn("Receipt {} to {} speaks for {}, to whom {} was not sent: not recorded, left in the box",
                        describe(receiptId), box.asString(), outcome.strangers(),
                        outcome.sent().get().messageId().orElse("the message"));
                }
            } catch (RuntimeException e) {
                LOGGER.warn("Receipt {} to {} could not be recorded, left in the box: {}", describe(receiptId),
                    box.asString(), e.getMessage(), e);
            }
        }
    }

    private static String describe(String receiptId) {
        return receiptId.isEmpty() ? "(without Message-ID)" : receiptId;
    }

    @Override
    public String getMailetInfo() {
        return "Matches the DSN and MDN a box receives with the messages it sent";
    }
}
