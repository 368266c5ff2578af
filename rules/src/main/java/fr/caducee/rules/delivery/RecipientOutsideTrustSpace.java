package fr.caducee.rules.delivery;

import java.util.Collection;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import fr.caducee.rules.recipients.TrustSpaceMembership;

/**
 * Matches the recipients whose domain is neither local nor on the national whitelist at the time of delivery. SMTP
 * already refused them at RCPT, but the list may have changed while the mail waited in the queue: re-checked so
 * that nothing is ever sent outside the trust space.
 */
public class RecipientOutsideTrustSpace extends GenericMatcher {
    private final TrustSpaceMembership trustSpace;

    @Inject
    public RecipientOutsideTrustSpace(TrustSpaceMembership trustSpace) {
        this.trustSpace = trustSpace;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return mail.getRecipients().stream().filter(this::outside).toList();
    }

    private boolean outside(MailAddress recipient) {
        try {
            return !trustSpace.includes(recipient.getDomain());
        } catch (DomainListException e) {
            // Unsure whether the domain is ours: treat it as outside; the sender gets a notification, nothing leaks.
            return true;
        }
    }

    @Override
    public String getMatcherInfo() {
        return "Recipients whose domain is neither local nor on the national whitelist";
    }

}
