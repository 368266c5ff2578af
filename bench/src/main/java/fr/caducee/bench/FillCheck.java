package fr.caducee.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.mail.FetchProfile;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;

import fr.caducee.testkit.ClientTls;

/**
 * Holds the server to a {@link FillLoad} ledger: waits until the recipient's INBOX (over IMAPS) holds every message
 * the ledger says got a {@code 250}, or until {@code --inbox-timeout}, then counts them by Message-ID. Passes when
 * each acknowledged message is there exactly once and no refused message is there at all (a message that got no
 * answer may be either way, but not twice). Ends with one line of key=value pairs; exits 1 if it does not pass.
 */
public final class FillCheck {
    private FillCheck() {
    }

    public static void main(String[] args) throws Exception {
        FillOptions options;
        try {
            options = FillOptions.parse(args);
            if (options.load().imapsPort() == null) {
                throw new IllegalArgumentException("--imaps-port is required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("FillCheck: " + e.getMessage());
            System.err.println(FillOptions.USAGE);
            System.exit(2);
            return;
        }
        Set<String> acked = new HashSet<>();
        Set<String> refused = new HashSet<>();
        Set<String> unanswered = new HashSet<>();
        for (String line : Files.readAllLines(options.ledger(), StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t", 4);
            (fields[1].equals("250") ? acked : fields[1].equals("none") ? unanswered : refused).add(fields[0]);
        }
        LoadOptions load = options.load();
        Session session = Session.getInstance(MailSessions.submissionAndImaps(load.host(), load.port(), ClientTls.trusting(load.ca())));
        Map<String, Integer> inbox = awaitInbox(session, load, acked);

        int missing = 0;
        int twice = 0;
        for (String id : acked) {
            int count = inbox.getOrDefault(id, 0);
            missing += count == 0 ? 1 : 0;
            twice += count > 1 ? 1 : 0;
        }
        long refusedDelivered = refused.stream().filter(inbox::containsKey).count();
        long unansweredDelivered = unanswered.stream().filter(inbox::containsKey).count();
        twice += (int) unanswered.stream().filter(id -> inbox.getOrDefault(id, 0) > 1).count();
        System.out.printf(Locale.ROOT, "acked=%d delivered=%d missing=%d twice=%d refused=%d refused_delivered=%d "
                + "unanswered=%d unanswered_delivered=%d%n", acked.size(), acked.size() - missing, missing, twice,
            refused.size(), refusedDelivered, unanswered.size(), unansweredDelivered);
        System.exit(missing == 0 && twice == 0 && refusedDelivered == 0 ? 0 : 1);
    }

    /** Message-ID to occurrences in the INBOX, once every acknowledged message is there or the time is up. */
    private static Map<String, Integer> awaitInbox(Session session, LoadOptions load, Set<String> acked)
            throws MessagingException, InterruptedException, IOException {
        long deadline = System.nanoTime() + load.inboxTimeoutSeconds() * 1_000_000_000L;
        Store store = session.getStore("imaps");
        store.connect(load.host(), load.imapsPort(), load.to(), load.toPassword());
        try {
            while (true) {
                Map<String, Integer> inbox = messageIds(store);
                if (inbox.keySet().containsAll(acked) || System.nanoTime() > deadline) {
                    return inbox;
                }
                Thread.sleep(1000);
            }
        } finally {
            store.close();
        }
    }

    private static Map<String, Integer> messageIds(Store store) throws MessagingException {
        Folder folder = store.getFolder("INBOX");
        folder.open(Folder.READ_ONLY);
        try {
            Message[] messages = folder.getMessages();
            FetchProfile profile = new FetchProfile();
            profile.add("Message-ID");
            folder.fetch(messages, profile);
            Map<String, Integer> ids = new HashMap<>();
            for (Message message : messages) {
                String[] header = message.getHeader("Message-ID");
                for (String id : header == null ? new String[0] : header) {
                    ids.merge(id.strip(), 1, Integer::sum);
                }
            }
            return ids;
        } finally {
            folder.close(false);
        }
    }
}
