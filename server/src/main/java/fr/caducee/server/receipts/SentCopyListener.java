package fr.caducee.server.receipts;

import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.events.MailboxEvents;

/**
 * A client saves its copy of a message in the sent-mail folder after sending it, and a local recipient's DSN may
 * arrive first: when a message is APPENDed to a sent-mail folder, the receipts recorded for it so far give it its
 * keywords at once. Asynchronous: the APPEND does not wait for it.
 */
public class SentCopyListener implements EventListener.GroupEventListener {

    /** The listener's group on James's event bus (one delivery of each event to it, retried on failure). */
    public static final class SentCopyGroup extends Group {
    }

    private final ReceiptStore store;
    private final SentCopies copies;

    @Inject
    public SentCopyListener(ReceiptStore store, SentCopies copies) {
        this.store = store;
        this.copies = copies;
    }

    @Override
    public Group getDefaultGroup() {
        return new SentCopyGroup();
    }

    @Override
    public ExecutionMode getExecutionMode() {
        return ExecutionMode.ASYNCHRONOUS;
    }

    @Override
    public boolean isHandling(Event event) {
        return event instanceof MailboxEvents.Added added && !added.isDelivery()
            && SentCopies.isSentFolder(added.getMailboxPath().getName());
    }

    @Override
    public void event(Event event) throws Exception {
        if (!isHandling(event)) {
            return;
        }
        MailboxEvents.Added added = (MailboxEvents.Added) event;
        String box = added.getUsername().asString();
        for (MessageUid uid : added.getUids()) {
            Optional<String> messageId = copies.messageId(added.getUsername(), added.getMailboxId(), uid);
            Optional<SentMessage> sent = messageId.flatMap(id -> store.findSent(box, Optional.of(id), Optional.empty()));
            if (sent.isPresent()) {
                Set<String> keywords = ReceiptKeywords.of(RecipientState.of(sent.get(), store.receiptsOf(sent.get().id())));
                if (!keywords.isEmpty()) {
                    copies.mark(added.getUsername(), added.getMailboxId(), uid, keywords);
                }
            }
        }
    }
}
