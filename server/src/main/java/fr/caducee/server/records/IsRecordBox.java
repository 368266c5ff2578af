package fr.caducee.server.records;

import java.util.Collection;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import fr.caducee.rules.recipients.RecordBox;

/** Matches the recipients that are the shared record's box ({@code caducee.records.box}). */
public class IsRecordBox extends GenericMatcher {
    private final RecordBox recordBox;

    @Inject
    public IsRecordBox(RecordBox recordBox) {
        this.recordBox = recordBox;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return List.copyOf(mail.getRecipients().stream().filter(recipient -> recordBox.is(recipient.asString())).toList());
    }

    @Override
    public String getMatcherInfo() {
        return "The shared record's box among the recipients";
    }
}
