package fr.caducee.server.records;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Part;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.domain.documents.XdmArchive;
import fr.caducee.records.DepositChecks;
import fr.caducee.records.DepositOutcome;
import fr.caducee.records.DepositRefusal;
import fr.caducee.records.deposit.DepositRules;
import fr.caducee.records.receipt.DepositReceipts;
import fr.caducee.records.receipt.Receipt;
import fr.caducee.rules.documents.XdmAttachments;
import fr.caducee.rules.senders.ServerWritten;
import fr.caducee.server.storage.spool.PostgresMailQueue;
import fr.caducee.server.storage.spool.PostgresMailQueueFactory;

/**
 * The shared record's box: a message to it is a deposit. Its {@code IHE_XDM.ZIP} goes through the deposit checks
 * ({@link DepositChecks}, ANS's integration errors 900-906), its documents into the record ({@link JdbcRecordStore}),
 * and its receipt back to the sender in ANS's form ({@link DepositReceipts}), with a notice to the patient for each new
 * document ({@link PatientNotices}): all of it in one transaction, the receipt and the notices as rows of the spool.
 * The message itself is not put in a mailbox: the record is its store, and the receipt gives it back to the sender.
 *
 * <p>A message handled before (the spool gives it again after a crash) is recognised by its Message-ID and passed
 * over. When the record's tables, the directory or the spool cannot be reached, the mailet throws: with
 * {@code onMailetException} {@code propagate}, the message stays in the spool and is tried again, never dropped.
 */
public class RecordDeposit extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecordDeposit.class);

    private final DepositChecks checks;
    private final JdbcRecordStore store;
    private final PostgresMailQueueFactory queues;
    private final PatientNotices notices;
    private final AuditTrail trail;
    private final RecordsSettings settings;
    private final DepositReceipts receipts;
    private final Clock clock;
    private PostgresMailQueue spool;

    @Inject
    public RecordDeposit(DepositChecks checks, JdbcRecordStore store, PostgresMailQueueFactory queues,
                         PatientNotices notices, AuditTrail trail, RecordsSettings settings) {
        this.checks = checks;
        this.store = store;
        this.queues = queues;
        this.notices = notices;
        this.trail = trail;
        this.settings = settings;
        this.receipts = new DepositReceipts(settings.box(), settings.product());
        this.clock = Clock.systemUTC();
    }

    @Override
    public void init() {
        spool = queues.createQueue(MailQueueFactory.SPOOL);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        String messageId = messageId(mail);
        Optional<String> sender = mail.getMaybeSender().asOptional().map(MailAddress::asString);
        String recordBox = settings.box();
        if (store.handled(messageId, recordBox)) {
            LOGGER.info("Message {} to {} was handled before: not again", messageId, recordBox);
            mail.setState(Mail.GHOST);
            return;
        }
        DepositOutcome outcome = check(message, sender.orElse(""), messageId);
        Handling handling;
        try {
            handling = store.handle(messageId, recordBox, sender.orElse(""), outcome,
                done -> mailsFor(done, message, sender), spool);
        } catch (IOException e) {
            throw new MessagingException("the receipt of " + messageId + " could not be written", e);
        }
        audit(mail, messageId, handling);
        mail.setState(Mail.GHOST);
    }

    private DepositOutcome check(MimeMessage message, String sender, String messageId) throws MessagingException {
        List<Part> archives;
        try {
            archives = XdmAttachments.find(message);
        } catch (IOException e) {
            throw new MessagingException("the message " + messageId + " could not be read", e);
        } catch (MessagingException e) {
            return refused(DepositRules.MESSAGE_UNREADABLE, "The message's MIME structure cannot "
                + "be read, so its " + XdmArchive.FILE_NAME + " cannot be found: send it again as a well-formed message");
        }
        if (archives.isEmpty()) {
            return refused(DepositRules.NO_ARCHIVE, "The message carries no "
                + XdmArchive.FILE_NAME + ": attach the documents to deposit as an IHE XDM archive named "
                + XdmArchive.FILE_NAME);
        }
        if (archives.size() > 1) {
            return refused(DepositRules.SEVERAL_ARCHIVES, "The message carries "
                + archives.size() + " archives named " + XdmArchive.FILE_NAME + ": send one archive per message");
        }
        try (InputStream archive = archives.get(0).getInputStream()) {
            return checks.check(archive, sender, messageId);
        } catch (IOException e) {
            throw new MessagingException("the archive of " + messageId + " could not be read now", e);
        } catch (RecordStoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            if (isUnavailable(e)) {
                throw e;
            }
            LOGGER.error("The deposit checks failed on message {}: refused with 906", messageId, e);
            return refused(DepositRules.CHECK_FAILED, "The record could not check the "
                + "documents of this message: write to this operator's support with the message's Message-ID");
        }
    }

    /** The directory being away is a temporary failure, as the record's own tables being away. */
    private static boolean isUnavailable(RuntimeException e) {
        return e instanceof fr.caducee.domain.directory.store.DirectoryUnavailableException;
    }

    private static DepositOutcome refused(DepositRules rule, String sentence) {
        return new DepositOutcome.Refused(rule.refusal(sentence));
    }

    private List<Mail> mailsFor(Handling handling, MimeMessage message, Optional<String> sender)
            throws MessagingException, IOException {
        List<Mail> mails = new ArrayList<>();
        Optional<DepositRefusal> refusal = handling instanceof Handling.Refused refused
            ? Optional.of(refused.refusal()) : Optional.empty();
        Optional<Receipt> receipt = receipts.receipt(message, sender, settings.box(), refusal);
        if (receipt.isPresent()) {
            mails.add(spooled(MaybeSender.nullSender(), receipt.get().to(), receipt.get().message(), "record-receipt"));
        }
        if (handling instanceof Handling.Integrated integrated) {
            for (PatientNotices.Notice notice : notices.noticesFor(integrated, clock.instant())) {
                mails.add(spooled(MaybeSender.of(new MailAddress(settings.box())), notice.patientBox(),
                    notice.message(), "record-notice"));
            }
        }
        return mails;
    }

    /** Written here: marked so, to be signed with the operator's key on its way ({@link ServerWritten}). */
    private static Mail spooled(MaybeSender sender, String recipient, MimeMessage message, String writer)
            throws MessagingException {
        Mail mail = MailImpl.builder()
            .name("record-" + UUID.randomUUID())
            .sender(sender)
            .addRecipient(new MailAddress(recipient))
            .mimeMessage(message)
            .state(Mail.DEFAULT)
            .build();
        ServerWritten.mark(mail, writer);
        return mail;
    }

    private void audit(Mail mail, String messageId, Handling handling) {
        AuditRecord.Builder record;
        if (handling instanceof Handling.Integrated integrated) {
            record = AuditRecord.builder(Decision.DEPOSITED)
                .reason((integrated.duplicate() ? "already in the record: " : "stored: ") + integrated.documents()
                    .stream().map(document -> document.deposit().action() + " " + document.deposit().uniqueId()
                        + (document.alreadyThere() ? " (already there)" : "")).toList());
        } else if (handling instanceof Handling.Refused refused) {
            DepositRefusal refusal = refused.refusal();
            record = AuditRecord.builder(Decision.REFUSED).rule(refusal.rule())
                .reason(refusal.error().codeAndLabel() + ": " + refusal.sentence());
        } else {
            return;
        }
        record.via("record").mail(mail.getName()).messageId(messageId).sender(mail.getMaybeSender().asString())
            .recipients(List.of(settings.box()));
        try {
            trail.append(record.build());
        } catch (AuditUnavailableException e) {
            // The deposit and its receipt are committed: what was done is done, and the log keeps the record.
            LOGGER.error("NOT IN THE AUDIT TRAIL ({}): {} messageId={} sender={}", e.getMessage(), handling, messageId,
                mail.getMaybeSender().asString());
        }
    }

    /** The Message-ID, or the spool's name for the mail, which a redelivery keeps, when it has none. */
    private String messageId(Mail mail) throws MessagingException {
        String id = mail.getMessage().getMessageID();
        return id == null || id.isBlank() ? "<" + mail.getName() + "@" + settings.domain() + ">" : id.trim();
    }

    @Override
    public String getMailetInfo() {
        return "Deposits the documents of a message to the shared record's box and sends its receipt";
    }
}
