package fr.caducee.rules.smtp;

import org.apache.james.queue.api.MailQueue.MailQueueException;
import org.apache.mailet.Mail;

/**
 * The spool as SMTP acceptance uses it: a message is first held there, durable but invisible to delivery, then
 * released once its acceptance is recorded, or withdrawn when it cannot be. A held message whose server died is
 * settled at the next start by the trail: released if its {@code ACCEPTED} record is on disk, withdrawn otherwise.
 */
public interface AcceptanceSpool {
    /** Writes the message into the spool, held: when this returns it is on disk, and no spool thread takes it. */
    Held hold(Mail mail) throws MailQueueException;

    /** A message held in the spool. */
    interface Held {
        /** Makes it available to delivery. */
        void release() throws MailQueueException;

        /** Removes it from the spool: it was not accepted. */
        void withdraw() throws MailQueueException;
    }
}
