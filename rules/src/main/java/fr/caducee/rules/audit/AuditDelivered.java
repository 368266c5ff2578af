package fr.caducee.rules.audit;

import javax.inject.Inject;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.Decision;

/**
 * Records in the audit trail the delivery of a message into local boxes: placed just before LocalDelivery with the
 * same matcher, it records the recipients the mail is being stored for. A recipient whose store then fails gets a
 * BOUNCED record from the error processor.
 */
public class AuditDelivered extends GenericMailet {
    private final AuditTrail trail;

    @Inject
    public AuditDelivered(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public void service(Mail mail) {
        AuditedMail.append(trail, AuditedMail.record(Decision.DELIVERED, mail).via("local").build());
    }

    @Override
    public String getMailetInfo() {
        return "Records a delivery into local boxes in the audit trail";
    }
}
