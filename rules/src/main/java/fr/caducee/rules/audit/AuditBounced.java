package fr.caducee.rules.audit;

import javax.inject.Inject;

import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.Decision;

/**
 * Records in the audit trail that a message failed and its sender is told so (a DSN): placed first in each
 * processor that bounces. The rule is the processor ({@code bounces}, {@code outside-trust-space},
 * {@code local-address-error}, {@code error}), the reason the error the mail carries (the notice of the processor
 * that sent it there, or the remote server's last answer).
 */
public class AuditBounced extends GenericMailet {
    /** Where RemoteDelivery puts the final error before handing the mail to its bounce processor. */
    static final AttributeName DELIVERY_ERROR = AttributeName.of("delivery-error");

    private final AuditTrail trail;

    @Inject
    public AuditBounced(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public void service(Mail mail) {
        AuditedMail.append(trail, AuditedMail.record(Decision.BOUNCED, mail)
            .via("spool")
            .rule(mail.getState())
            .reason(reason(mail))
            .build());
    }

    /** The notice of the processor that sent the mail here, or the remote server's answer after the last retry. */
    private static String reason(Mail mail) {
        if (mail.getErrorMessage() != null) {
            return mail.getErrorMessage();
        }
        return AttributeUtils.getValueAndCastFromMail(mail, DELIVERY_ERROR, String.class).orElse(null);
    }

    @Override
    public String getMailetInfo() {
        return "Records a failed delivery, reported to the sender, in the audit trail";
    }
}
