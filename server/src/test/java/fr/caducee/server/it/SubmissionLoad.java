package fr.caducee.server.it;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.SmtpDialogue;

/**
 * Submission connections sending numbered messages ({@code <prefix-N@domain>}) one after another until stopped,
 * connecting again when the server dies or restarts under them: which Message-IDs were tried, which were acknowledged
 * (the {@code 250} read, with its time), refused, or left without an answer (the server died during DATA). What the
 * tests of exactness (kills, backups) compare with what the server kept.
 */
final class SubmissionLoad {
    final Set<String> attempted = ConcurrentHashMap.newKeySet();
    final Map<String, Instant> acked = new ConcurrentHashMap<>();
    final Set<String> unanswered = ConcurrentHashMap.newKeySet();
    final AtomicInteger refused = new AtomicInteger();

    private final CaduceeProcess server;
    private final String prefix;
    private final String from;
    private final String password;
    private final String to;
    private final int lines;
    private final AtomicLong next = new AtomicLong(1);
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    /** @param lines the body's lines of about 80 characters: the message's size */
    SubmissionLoad(CaduceeProcess server, String prefix, String from, String password, String to, int lines) {
        this.server = server;
        this.prefix = prefix;
        this.from = from;
        this.password = password;
        this.to = to;
        this.lines = lines;
    }

    void start(int connections) {
        for (int i = 0; i < connections; i++) {
            Thread thread = new Thread(this::send, prefix + "-load-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    void stop() throws InterruptedException {
        stopped.set(true);
        for (Thread thread : threads) {
            thread.join(60_000);
        }
    }

    private void send() {
        String domain = from.substring(from.indexOf('@') + 1);
        while (!stopped.get()) {
            try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(server, from, password)) {
                while (!stopped.get()) {
                    String id = "<" + prefix + "-" + next.getAndIncrement() + "@" + domain + ">";
                    attempted.add(id);
                    unanswered.add(id);
                    smtp.send("MAIL FROM:<" + from + ">");
                    smtp.send("RCPT TO:<" + to + ">");
                    SmtpDialogue.Reply reply = data(smtp, id);
                    unanswered.remove(id);
                    if (reply.code() == 250) {
                        acked.put(id, Instant.now());
                    } else {
                        refused.incrementAndGet();
                    }
                }
            } catch (Exception | AssertionError e) {
                // The server died under the connection, or is starting: connect again.
                sleepQuietly();
            }
        }
    }

    private SmtpDialogue.Reply data(SmtpDialogue smtp, String messageId) throws IOException {
        if (smtp.send("DATA").code() != 354) {
            throw new IOException("DATA not taken");
        }
        smtp.write("From: " + from);
        smtp.write("To: " + to);
        smtp.write("Message-ID: " + messageId);
        smtp.write("Subject: " + prefix + " " + messageId);
        smtp.write("");
        for (int line = 0; line < lines; line++) {
            smtp.write("Compte rendu de consultation, ligne " + line + " : examen clinique sans particularite.");
        }
        return smtp.send(".");
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
