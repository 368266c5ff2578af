package fr.caducee.mailets.audit;

import javax.inject.Inject;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.Decision;

/**
 * Records in the audit trail that a message failed and its sender is told so (a DSN): placed first in each
 * processor that bounces. The rule is the processor ({@code bounces}, {@code outside-trust-space},
 * {@code local-address-error}, {@code error}), the reason the error the mail carries (the remote server's answer,
 * or the notice of the processor that sent it there).
 */
public class AuditBounced extends GenericMailet {
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
            .reason(mail.getErrorMessage())
            .build());
    }

    @Override
    public String getMailetInfo() {
        return "Records a failed delivery, reported to the sender, in the audit trail";
    }
}
