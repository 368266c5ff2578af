package fr.caducee.bench;

import javax.mail.Folder;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;

/** The recipient's INBOX seen over IMAPS, to time how long accepted mail takes to become readable. */
final class InboxWatch implements AutoCloseable {
    private static final long POLL_MILLIS = 100;

    private final Store store;
    private final Folder inbox;

    InboxWatch(Session session, LoadOptions options) throws MessagingException {
        store = session.getStore("imaps");
        store.connect(options.host(), options.imapsPort(), options.to(), options.toPassword());
        inbox = store.getFolder("INBOX");
    }

    /**
     * The folder stays closed on purpose: each count is then a fresh STATUS command, whereas an open folder answers
     * from its cache and JavaMail refreshes it at most once a second.
     */
    int count() throws MessagingException {
        return inbox.getMessageCount();
    }

    /** Polls until the INBOX holds {@code expected} messages; returns System.nanoTime() then, or -1 on timeout. */
    long awaitCount(int expected, long timeoutNanos) throws MessagingException, InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            if (count() >= expected) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                return -1;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    @Override
    public void close() throws MessagingException {
        store.close();
    }
}
