package fr.caducee.mailets.audit;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in the audit trail that a message was handed over to another operator (RemoteDelivery's success
 * processor), with the peer identity it had arrived with when it came from one.
 */
public class AuditRelayed extends GenericMailet {
    private static final Logger AUDIT = LoggerFactory.getLogger("fr.caducee.audit");

    @Override
    public void service(Mail mail) {
        AUDIT.info("decision=relayed mail={} sender={} recipients={} remote-domains={}",
            mail.getName(), mail.getMaybeSender().asString(), mail.getRecipients(),
            mail.getRecipients().stream().map(recipient -> recipient.getDomain().asString()).distinct().toList());
    }

    @Override
    public String getMailetInfo() {
        return "Records a successful delivery to another operator in the audit trail";
    }
}
