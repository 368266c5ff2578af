package fr.caducee.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.MimeMessage;

import com.sun.mail.smtp.SMTPAddressFailedException;
import com.sun.mail.smtp.SMTPSendFailedException;
import com.sun.mail.smtp.SMTPTransport;

import fr.caducee.testkit.ClientTls;

/**
 * Submits numbered messages over C authenticated STARTTLS connections and keeps going whatever the server answers,
 * until it has refused {@code --until-refusals} in a row (a full disk) or {@code --messages} were sent. Every message
 * is written to the ledger with the answer it got, the line flushed before the next message:
 * <pre>  Message-ID TAB code TAB command TAB reply</pre>
 * code {@code 250} for a message the server acknowledged, the reply code of a refusal (with the command refused:
 * MAIL, RCPT or DATA), {@code none} when no answer came (timeout, connection lost). {@link FillCheck} then holds the
 * server to the ledger. Ends with one line of key=value pairs; exits 1 if a message got no answer at all.
 */
public final class FillLoad {
    private final FillOptions options;
    private final BenchMessage messages;
    private final BufferedWriter ledger;
    private final AtomicInteger next = new AtomicInteger(1);
    private final AtomicInteger refusalsInARow = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Map<String, Integer> answers = new TreeMap<>();

    private FillLoad(FillOptions options, BenchMessage messages, BufferedWriter ledger) {
        this.options = options;
        this.messages = messages;
        this.ledger = ledger;
    }

    public static void main(String[] args) throws Exception {
        FillOptions options;
        try {
            options = FillOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("FillLoad: " + e.getMessage());
            System.err.println(FillOptions.USAGE);
            System.exit(2);
            return;
        }
        LoadOptions load = options.load();
        Properties properties = MailSessions.submissionAndImaps(load.host(), load.port(), ClientTls.trusting(load.ca()));
        // A server that stops answering must show in the ledger, not stall the run.
        properties.put("mail.smtp.timeout", "60000");
        Session session = Session.getInstance(properties);
        try (BufferedWriter ledger = Files.newBufferedWriter(options.ledger(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            FillLoad run = new FillLoad(options, BenchMessage.withIncompressibleAttachment(session, load.from(), load.to(), load.size()), ledger);
            System.exit(run.run(session) ? 0 : 1);
        }
    }

    private boolean run(Session session) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(options.load().connections());
        List<Future<?>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < options.load().connections(); i++) {
            Transport transport = session.getTransport("smtp");
            transport.connect(options.load().from(), options.load().password());
            workers.add(pool.submit(() -> work(transport)));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        StringBuilder counts = new StringBuilder();
        answers.forEach((code, count) -> counts.append(counts.length() == 0 ? "" : ",").append(code).append(':').append(count));
        int sent = answers.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf(Locale.ROOT, "sent=%d accepted=%d refused=%d unanswered=%d answers=%s elapsed_s=%.1f%n", sent,
            answers.getOrDefault("250", 0), sent - answers.getOrDefault("250", 0) - answers.getOrDefault("none", 0),
            answers.getOrDefault("none", 0), counts, elapsed);
        return !answers.containsKey("none");
    }

    private Void work(Transport transport) throws Exception {
        try {
            while (!stop.get()) {
                int n = next.getAndIncrement();
                if (n > options.load().messages()) {
                    break;
                }
                if (!send(transport, n)) {
                    transport.close();
                    try {
                        transport.connect();
                    } catch (MessagingException e) {
                        System.err.println("FillLoad: connection lost and not opened again, one connection fewer: " + e);
                        return null;
                    }
                }
            }
        } finally {
            transport.close();
        }
        return null;
    }

    /** Sends message n and writes its answer; false when the connection must be opened again. */
    private boolean send(Transport transport, int n) throws MessagingException, IOException {
        String messageId = options.messageId(n);
        MimeMessage message = messages.number(n, messageId);
        try {
            transport.sendMessage(message, message.getAllRecipients());
            record(messageId, "250", "DATA", ((SMTPTransport) transport).getLastServerResponse());
            refusalsInARow.set(0);
            return true;
        } catch (SMTPSendFailedException e) {
            refused(messageId, e.getReturnCode(), e.getCommand(), e.getMessage());
            return true;
        } catch (MessagingException e) {
            if (e.getNextException() instanceof SMTPAddressFailedException refusal) {
                refused(messageId, refusal.getReturnCode(), refusal.getCommand(), refusal.getMessage());
                return true;
            }
            record(messageId, "none", "-", String.valueOf(e.getCause() != null ? e.getCause() : e));
            return false;
        }
    }

    private void refused(String messageId, int code, String command, String reply) throws IOException {
        // JavaMail names the end of DATA by its terminating dot.
        String verb = command.strip();
        record(messageId, String.valueOf(code), verb.isEmpty() || verb.equals(".") ? "DATA" : verb.split("[ :]")[0], reply);
        if (refusalsInARow.incrementAndGet() >= options.untilRefusals()) {
            stop.set(true);
        }
    }

    private synchronized void record(String messageId, String code, String command, String reply) throws IOException {
        answers.merge(code, 1, Integer::sum);
        ledger.write(messageId + '\t' + code + '\t' + command + '\t' + reply.strip().replaceAll("\\s+", " "));
        ledger.newLine();
        ledger.flush();
    }
}
