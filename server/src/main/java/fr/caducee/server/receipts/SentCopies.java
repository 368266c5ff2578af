package fr.caducee.server.receipts;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.inject.Named;
import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxMetaData;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.search.MailboxQuery;

import reactor.core.publisher.Flux;

/**
 * The sender's own copy of a message (the one its client APPENDed to a sent-mail folder), found by Message-ID and
 * given keywords through James's mailbox API, so that open IMAP sessions are told (FETCH FLAGS updates) as for any
 * other flag change. Submission does not store a copy: when the client kept none, there is nothing to mark.
 */
public class SentCopies {
    /** The names clients give the sent-mail folder (Thunderbird, Apple Mail, Outlook; in French too), any case. */
    public static final Set<String> FOLDERS = Set.of("sent", "sent items", "sent messages", "sent mail", "envoyés",
        "éléments envoyés", "messages envoyés");

    private final MailboxManager mailboxes;

    @Inject
    public SentCopies(@Named("mailboxmanager") MailboxManager mailboxes) {
        this.mailboxes = mailboxes;
    }

    public static boolean isSentFolder(String name) {
        return FOLDERS.contains(name.strip().toLowerCase(Locale.ROOT));
    }

    /** Adds these keywords to the box's copies of this message in its sent-mail folders; how many copies were marked. */
    public int mark(String box, String messageId, Set<String> keywords) throws MailboxException {
        if (keywords.isEmpty()) {
            return 0;
        }
        MailboxSession session = mailboxes.createSystemSession(Username.of(box));
        try {
            List<MailboxMetaData> folders = Flux.from(mailboxes.search(
                    MailboxQuery.privateMailboxesBuilder(session).matchesAllMailboxNames().build(), session))
                .filter(folder -> isSentFolder(folder.getPath().getName()))
                .collectList().block();
            int marked = 0;
            for (MailboxMetaData folder : folders) {
                MessageManager mailbox = mailboxes.getMailbox(folder.getId(), session);
                List<MessageUid> copies = Flux.from(mailbox.search(
                    SearchQuery.of(SearchQuery.mimeMessageID(messageId)), session)).collectList().block();
                for (MessageUid uid : copies) {
                    mailbox.setFlags(flags(keywords), MessageManager.FlagsUpdateMode.ADD, MessageRange.one(uid), session);
                    marked++;
                }
            }
            return marked;
        } finally {
            mailboxes.endProcessingRequest(session);
        }
    }

    /** Adds these keywords to one message of a mailbox (a copy just appended). */
    public void mark(Username owner, MailboxId mailboxId, MessageUid uid, Set<String> keywords) throws MailboxException {
        MailboxSession session = mailboxes.createSystemSession(owner);
        try {
            mailboxes.getMailbox(mailboxId, session)
                .setFlags(flags(keywords), MessageManager.FlagsUpdateMode.ADD, MessageRange.one(uid), session);
        } finally {
            mailboxes.endProcessingRequest(session);
        }
    }

    /** The Message-ID of a message of a mailbox, read from its header. */
    public Optional<String> messageId(Username owner, MailboxId mailboxId, MessageUid uid) throws MailboxException {
        MailboxSession session = mailboxes.createSystemSession(owner);
        try {
            MessageResultIterator results = mailboxes.getMailbox(mailboxId, session)
                .getMessages(MessageRange.one(uid), FetchGroup.HEADERS, session);
            while (results.hasNext()) {
                MessageResult result = results.next();
                Iterator<Header> headers = result.getHeaders().headers();
                while (headers.hasNext()) {
                    Header header = headers.next();
                    if (header.getName().equalsIgnoreCase("Message-ID")) {
                        return MessageIds.normalize(header.getValue());
                    }
                }
            }
            return Optional.empty();
        } finally {
            mailboxes.endProcessingRequest(session);
        }
    }

    private static Flags flags(Set<String> keywords) {
        Flags flags = new Flags();
        keywords.forEach(flags::add);
        return flags;
    }
}
