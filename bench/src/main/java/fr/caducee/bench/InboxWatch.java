package fr.caducee.bench;

import javax.mail.Folder;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;
import javax.net.ssl.SSLContext;

/**
 * A box's INBOX seen over IMAPS, to time how long accepted mail takes to become readable. Any IMAP server will do:
 * Caducée's, or the one a baseline stack delivers to.
 */
final class InboxWatch implements AutoCloseable {
    private static final long POLL_MILLIS = 100;

    private final Store store;
    private final Folder inbox;

    private InboxWatch(Store store) throws MessagingException {
        this.store = store;
        this.inbox = store.getFolder("INBOX");
    }

    /** Logs in as {@code user} over implicit TLS, the server's certificate checked against {@code tls} and the host name. */
    static InboxWatch open(SSLContext tls, String host, int port, String user, String password) throws MessagingException {
        Store store = Session.getInstance(MailSessions.imaps(host, tls)).getStore("imaps");
        store.connect(host, port, user, password);
        return new InboxWatch(store);
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
