package fr.caducee.rules.audit;

import javax.inject.Inject;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.Decision;

/**
 * Records in the audit trail that a message was handed over to another operator (RemoteDelivery's success
 * processor), with the login or peer identity it had arrived with.
 */
public class AuditRelayed extends GenericMailet {
    private final AuditTrail trail;

    @Inject
    public AuditRelayed(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public void service(Mail mail) {
        AuditedMail.append(trail, AuditedMail.record(Decision.RELAYED, mail).via("relay").build());
    }

    @Override
    public String getMailetInfo() {
        return "Records a successful delivery to another operator in the audit trail";
    }
}
