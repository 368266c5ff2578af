package fr.caducee.server.gateway;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.rules.Rule;
import fr.caducee.rules.audit.AuditedMail;

/**
 * The spool's first look at a gateway mail: a second copy of one already taken is not delivered. The gateway submits
 * a mail again when a crash came between the chain's {@code 250} and its mark in {@code gateway_mail}
 * ({@link GatewayOutbox}); both copies carry the Message-ID drawn from the HL7 message. The first copy the spool
 * processes claims the row ({@code mail_name}); another copy finds it claimed and is ghosted, with a
 * {@code SUPPRESSED} record in the audit trail. The same copy processed again (the spool gives back a mail a crash
 * interrupted) keeps its claim. Mails whose Message-ID is not the gateway's, or that another box sent, go on
 * untouched. First in the root processor, before anything records or delivers the mail.
 *
 * <p>When the database cannot be reached the mailet fails, and the mail stays in the spool to be tried again
 * ({@code onMailetException=propagate}): nothing is delivered twice, nothing is dropped.
 */
public class GatewayDuplicates extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(GatewayDuplicates.class);
    /** As {@link fr.caducee.gateway.GatewayMessageIds} writes them. */
    private static final Pattern GATEWAY_MESSAGE_ID = Pattern.compile("<gw\\.[0-9a-f]{32}@[^>]+>");

    private final GatewayMails mails;
    private final AuditTrail audit;

    @Inject
    public GatewayDuplicates(GatewayMails mails, AuditTrail audit) {
        this.mails = mails;
        this.audit = audit;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String messageId = AuditedMail.messageId(mail);
        if (messageId == null || !GATEWAY_MESSAGE_ID.matcher(messageId).matches()
                || mail.getMaybeSender().isNullSender()) {
            return;
        }
        GatewayMails.Claim claim;
        Set<String> holding = Set.of();
        try {
            claim = mails.claim(messageId, mail.getMaybeSender().get().asString().toLowerCase(java.util.Locale.ROOT),
                mail.getName());
            if (claim == GatewayMails.Claim.AGAIN) {
                holding = mails.holding(messageId, mail.getRecipients().stream().map(MailAddress::asString).toList());
            }
        } catch (SQLException e) {
            throw new MessagingException("gateway mail " + messageId + ": the database cannot be reached", e);
        }
        AuditRecord record;
        if (claim == GatewayMails.Claim.COPY) {
            mail.setState(Mail.GHOST);
            record = suppressed(mail, messageId, mail.getRecipients().stream().map(MailAddress::asString).toList(),
                "a second copy of " + messageId + ", which the gateway submitted again after a crash: the first "
                    + "copy is delivered, this one is not");
        } else if (!holding.isEmpty()) {
            // The spool gave the mail back after a crash that came after some deliveries: not twice to those boxes.
            Set<String> delivered = holding;
            List<MailAddress> left = mail.getRecipients().stream()
                .filter(recipient -> !delivered.contains(recipient.asString())).toList();
            if (left.isEmpty()) {
                mail.setState(Mail.GHOST);
            } else {
                mail.setRecipients(left);
            }
            record = suppressed(mail, messageId, List.copyOf(delivered), messageId + " processed again after a crash: "
                + "these boxes hold it already and are not given it twice");
        } else {
            return;
        }
        try {
            audit.append(record);
        } catch (AuditUnavailableException e) {
            LOGGER.error("NOT IN THE AUDIT TRAIL ({}): {} mail={} messageId={}", e.getMessage(), record.decision(),
                record.mail(), messageId);
        }
    }

    private static AuditRecord suppressed(Mail mail, String messageId, List<String> recipients, String reason) {
        return AuditRecord.builder(Decision.SUPPRESSED).rule(Rule.GATEWAY_DUPLICATE_SUPPRESSED.id()).reason(reason)
            .via("spool").mail(mail.getName()).messageId(messageId).sender(mail.getMaybeSender().asString())
            .recipients(recipients).size(AuditedMail.size(mail)).build();
    }

    @Override
    public String getMailetInfo() {
        return "Lets the first copy of each gateway mail through and ghosts a second one";
    }
}
