package fr.caducee.rules.delivery;

import java.util.Collection;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

/**
 * In the bounce processor: the mail RemoteDelivery gave up on because the remote server's certificate is not that of
 * an operator the national whitelist lists for the recipients' domain ({@link RemoteOperatorCheck}), so that it is
 * audited under its own rule rather than as any failed delivery.
 */
public class RemoteOperatorRefused extends GenericMatcher {
    /** Where RemoteDelivery puts the final error before handing the mail to its bounce processor. */
    private static final AttributeName DELIVERY_ERROR = AttributeName.of("delivery-error");

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return RemoteOperatorCheck.isRefusal(AttributeUtils.getValueAndCastFromMail(mail, DELIVERY_ERROR, String.class))
            ? mail.getRecipients()
            : List.of();
    }

    @Override
    public String getMatcherInfo() {
        return "Mail refused for delivery because the remote certificate is not that of the domain's listed operator";
    }
}
