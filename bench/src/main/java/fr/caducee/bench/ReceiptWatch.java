package fr.caducee.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;
import javax.net.ssl.SSLContext;

import com.sun.mail.imap.IMAPFolder;
import com.sun.mail.imap.IMAPMessage;

/**
 * A sender's INBOX watched over IMAPS for the receipts of the messages it sent: a NOOP every few milliseconds on the
 * selected INBOX, the instant a new message shows (its EXISTS) noted, then the message read and matched to the
 * message it answers ({@link Receipt}). The same watch serves the record's MDN and a plain delivery's DSN, so that the
 * two latencies are measured the same way. A receipt that names no message of ours is counted, never dropped.
 */
final class ReceiptWatch implements AutoCloseable {
    private static final int HEAD_BYTES = 64 * 1024;
    private final String box;
    private final Store store;
    private final IMAPFolder inbox;
    private final int pollMillis;
    private final Map<String, Long> seenAt = new ConcurrentHashMap<>();
    private final Map<String, Receipt> receipts = new ConcurrentHashMap<>();
    private final AtomicInteger unmatched = new AtomicInteger();
    private final AtomicInteger otherKinds = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final String kind;
    private int read;

    private ReceiptWatch(String box, Store store, IMAPFolder inbox, int pollMillis, String kind) {
        this.box = box;
        this.store = store;
        this.inbox = inbox;
        this.pollMillis = pollMillis;
        this.kind = kind;
    }

    /**
     * Logs in as {@code box}, selects its INBOX and skips what is already there (an earlier round's receipts); only
     * receipts of {@code kind} ("mdn" or "dsn") count, the others are told apart.
     */
    static ReceiptWatch open(SSLContext tls, String host, int port, String box, String password, int pollMillis,
            String kind) throws MessagingException {
        Store store = Session.getInstance(MailSessions.imaps(host, tls)).getStore("imaps");
        store.connect(host, port, box, password);
        IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        ReceiptWatch watch = new ReceiptWatch(box, store, inbox, pollMillis, kind);
        watch.read = inbox.getMessageCount();
        return watch;
    }

    String box() {
        return box;
    }

    /**
     * Polls until sending is over and every id of {@code expected} (filled by the senders as the server accepts each
     * message) has its receipt, or until {@code deadlineNanos} (System.nanoTime) passes; runs beside the senders, so
     * that a receipt is seen when it arrives, not once sending ends.
     * @return true when every receipt came
     */
    boolean await(Set<String> expected, AtomicBoolean sendingDone, long deadlineNanos)
            throws MessagingException, InterruptedException {
        while (true) {
            boolean complete = sendingDone.get();
            poll();
            if (complete && receipts.keySet().containsAll(expected)) {
                return true;
            }
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
            Thread.sleep(pollMillis);
        }
    }

    /** One NOOP; the messages it reveals are read and matched. */
    private void poll() throws MessagingException {
        inbox.doCommand(protocol -> {
            protocol.simpleCommand("NOOP", null);
            return null;
        });
        long now = System.nanoTime();
        int total = inbox.getMessageCount();
        if (total <= read) {
            return;
        }
        Message[] fresh = inbox.getMessages(read + 1, total);
        read = total;
        for (Message message : fresh) {
            Receipt.read(head(message)).ifPresentOrElse(receipt -> {
                if (!receipt.kind().equals(kind)) {
                    otherKinds.incrementAndGet();
                } else if (receipts.putIfAbsent(receipt.originalMessageId(), receipt) == null) {
                    seenAt.put(receipt.originalMessageId(), now);
                } else {
                    duplicates.incrementAndGet();
                }
            }, unmatched::incrementAndGet);
        }
    }

    /**
     * The first {@value #HEAD_BYTES} bytes of the message, fetched in blocks as they are read: enough for its header
     * and report fields, which come first; the original message and the archive an MDN attaches again are not fetched.
     */
    private String head(Message message) throws MessagingException {
        byte[] head = new byte[HEAD_BYTES];
        int length = 0;
        try (InputStream in = ((IMAPMessage) message).getMimeStream()) {
            for (int read = 0; read >= 0 && length < head.length; read = in.read(head, length, head.length - length)) {
                length += read;
            }
        } catch (IOException e) {
            throw new MessagingException("reading a receipt in " + box, e);
        }
        return new String(head, 0, length, StandardCharsets.ISO_8859_1);
    }

    Long seenAt(String messageId) {
        return seenAt.get(messageId);
    }

    Receipt receipt(String messageId) {
        return receipts.get(messageId);
    }

    int unmatched() {
        return unmatched.get();
    }

    /** Second receipts of the awaited kind for a message that already had one: a receipt must come once. */
    int duplicates() {
        return duplicates.get();
    }

    /** Receipts of ours of another kind (a DSN while MDNs are awaited). */
    int otherKinds() {
        return otherKinds.get();
    }

    @Override
    public void close() throws MessagingException {
        try {
            inbox.close(false);
        } finally {
            store.close();
        }
    }
}
