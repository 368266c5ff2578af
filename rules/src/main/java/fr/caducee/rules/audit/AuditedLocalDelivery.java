package fr.caducee.rules.audit;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;
import javax.inject.Named;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.model.MailboxConstants;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.transport.mailets.LocalDelivery;
import org.apache.james.transport.mailets.delivery.MailDispatcher;
import org.apache.james.transport.mailets.delivery.MailStore;
import org.apache.james.transport.mailets.delivery.SimpleMailStore;
import org.apache.james.user.api.UsersRepository;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.apache.mailet.base.MailetUtil;

import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.Decision;
import fr.caducee.rules.delivery.FirstDeliveryMailboxes;

import reactor.core.publisher.Mono;

/**
 * James's {@code LocalDelivery} (each recipient's INBOX, through James's dispatcher: Return-Path, per-recipient
 * headers, retries, failed recipients sent to the error processor; a box's first message brings its default
 * mailboxes, {@link FirstDeliveryMailboxes}) that records {@code DELIVERED} in the audit trail
 * once the mailbox store has taken the message, for the recipients whose box took it.
 *
 * <p>Recording before the store, as a mailet placed ahead of LocalDelivery would, said {@code DELIVERED} for a
 * message the store then failed to write (a database down, a full disk), which came back later from the spool and
 * was delivered: the trail read delivered, bounced, delivered. Parameters as LocalDelivery's: {@code consume}
 * (true), {@code onMailetException} (error), {@code retries}; and {@code deliveredProcessor}: the processor the mail
 * goes on to with the recipients whose box took it (none took it: the mail ends), where what is owed to a delivery
 * is done after it, not before (a "delivered" DSN the sender asked for).
 */
public class AuditedLocalDelivery extends GenericMailet {
    private final AuditTrail trail;
    private final MailStore boxes;
    private boolean consume;
    private String onMailetException;
    private int retries;
    private Optional<String> deliveredProcessor;

    @Inject
    public AuditedLocalDelivery(AuditTrail trail, UsersRepository users,
                                @Named("mailboxmanager") MailboxManager mailboxManager, MetricFactory metrics) {
        this(trail, SimpleMailStore.builder()
            .mailboxAppender(new FirstDeliveryMailboxes(mailboxManager))
            .usersRepository(users)
            .folder(MailboxConstants.INBOX)
            .metric(metrics.generate(LocalDelivery.LOCAL_DELIVERED_MAILS_METRIC_NAME))
            .build());
    }

    AuditedLocalDelivery(AuditTrail trail, MailStore boxes) {
        this.trail = trail;
        this.boxes = boxes;
    }

    @Override
    public void init() throws MessagingException {
        consume = getInitParameter("consume", true);
        onMailetException = getInitParameter("onMailetException", Mail.ERROR);
        retries = MailetUtil.getInitParameterAsInteger(getInitParameter("retries"), Optional.of(MailDispatcher.RETRIES));
        deliveredProcessor = Optional.ofNullable(getInitParameter("deliveredProcessor")).filter(name -> !name.isBlank());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        // A dispatcher of this mail's own (mailets serve mails concurrently): it stores recipient after recipient, and
        // each one whose store completed is recorded, after them all.
        List<MailAddress> delivered = new CopyOnWriteArrayList<>();
        MailStore recording = (recipient, stored) -> Mono.from(boxes.storeMail(recipient, stored))
            .doOnSuccess(done -> delivered.add(recipient));
        try {
            MailDispatcher.builder()
                .mailStore(recording)
                .consume(consume && deliveredProcessor.isEmpty())
                .onMailetException(onMailetException)
                .retries(retries)
                .mailetContext(getMailetContext())
                .build()
                .dispatch(mail);
        } finally {
            if (!delivered.isEmpty()) {
                AuditedMail.append(trail, AuditedMail.record(Decision.DELIVERED, mail)
                    .recipients(delivered.stream().map(MailAddress::asString).toList())
                    .via("local")
                    .build());
            }
        }
        deliveredProcessor.ifPresent(processor -> goOn(mail, delivered, processor));
    }

    private static void goOn(Mail mail, List<MailAddress> delivered, String processor) {
        if (delivered.isEmpty()) {
            mail.setState(Mail.GHOST);
            return;
        }
        mail.setRecipients(List.copyOf(delivered));
        mail.setState(processor);
    }

    @Override
    public String getMailetInfo() {
        return "Delivers into local boxes and records each delivery in the audit trail once stored";
    }
}
