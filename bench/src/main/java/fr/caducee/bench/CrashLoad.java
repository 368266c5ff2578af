package fr.caducee.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.SendFailedException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import com.sun.mail.smtp.SMTPAddressFailedException;
import com.sun.mail.smtp.SMTPSendFailedException;

import fr.caducee.testkit.ClientTls;

/**
 * The load of the crash test: C submission connections sending numbered messages without pause until a stop file
 * appears, through any number of server crashes. Every message whose DATA got a {@code 250} is written to the
 * {@code --acked} file (one number a line, flushed at once, so the file is complete whatever happens to the server);
 * a message whose answer never came (the server died under it) is written to {@code --unanswered}; one refused with
 * an SMTP answer to {@code --refused} with that answer. A connection that fails is opened again every 200 ms until the
 * server is back. Message N carries {@code Message-ID: <crash-N@DOMAIN>} and the subject "Crash test N", which is
 * what {@link CrashCheck} and the audit trail are matched on.
 *
 * <pre>
 *   java -cp "bench/target/caducee-bench.jar:bench/target/lib/*" fr.caducee.bench.CrashLoad --port 587 --ca ca.pem \
 *       --from a@x --password pw --to b@x --acked acked.txt --unanswered unanswered.txt --refused refused.txt \
 *       --stop-file stop [--connections 4] [--size 4096]
 * </pre>
 * Ends with one line of key=value pairs.
 */
public final class CrashLoad {
    static final String USAGE = "usage: CrashLoad [--host localhost] --port P --ca CA.pem --from ADDR --password PW --to ADDR"
        + " --acked FILE --unanswered FILE --refused FILE --stop-file FILE [--connections 4] [--size 4096]";
    private static final long RECONNECT_MILLIS = 200;

    private final Options options;
    private final Session session;
    private final String body;
    private final AtomicLong next = new AtomicLong(1);
    private final AtomicInteger acked = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger reconnects = new AtomicInteger();
    private final BufferedWriter ackedFile;
    private final BufferedWriter unansweredFile;
    private final BufferedWriter refusedFile;

    record Options(String host, int port, Path ca, String from, String password, String to, Path acked,
            Path unanswered, Path refused, Path stopFile, int connections, int size) {
    }

    private CrashLoad(Options options) throws Exception {
        this.options = options;
        this.session = Session.getInstance(MailSessions.submissionAndImaps(options.host(), options.port(),
            ClientTls.trusting(options.ca())));
        this.body = BenchMessage.body(options.size());
        this.ackedFile = Files.newBufferedWriter(options.acked(), StandardCharsets.UTF_8);
        this.unansweredFile = Files.newBufferedWriter(options.unanswered(), StandardCharsets.UTF_8);
        this.refusedFile = Files.newBufferedWriter(options.refused(), StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parseOrExit(USAGE, args, new String[] {"host", "port", "ca", "from", "password",
            "to", "acked", "unanswered", "refused", "stop-file", "connections", "size"}, "port", "ca", "from",
            "password", "to", "acked", "unanswered", "refused", "stop-file");
        Options options = new Options(line.text("host", "localhost"), line.positive("port", null), line.path("ca"),
            line.text("from", null), line.text("password", null), line.text("to", null), line.path("acked"),
            line.path("unanswered"), line.path("refused"), line.path("stop-file"), line.positive("connections", 4),
            line.positive("size", 4096));
        new CrashLoad(options).run();
    }

    private void run() throws Exception {
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < options.connections(); i++) {
            Thread worker = new Thread(this::work, "crash-load-" + i);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        ackedFile.close();
        unansweredFile.close();
        refusedFile.close();
        System.out.printf(Locale.ROOT, "sent=%d acked=%d unanswered=%d refused=%d reconnects=%d%n",
            next.get() - 1, acked.get(), unanswered.get(), refused.get(), reconnects.get());
    }

    private void work() {
        Transport transport = null;
        while (!Files.exists(options.stopFile())) {
            try {
                if (transport == null) {
                    transport = connect();
                    if (transport == null) {
                        continue;
                    }
                }
                send(transport, next.getAndIncrement());
            } catch (MessagingException | IOException e) {
                System.err.println("CrashLoad: " + e);
                close(transport);
                transport = null;
            }
        }
        close(transport);
    }

    /** A connected, authenticated transport, or null after a pause if the server is not there. */
    private Transport connect() throws MessagingException {
        Transport transport = session.getTransport("smtp");
        try {
            transport.connect(options.from(), options.password());
            return transport;
        } catch (MessagingException e) {
            reconnects.incrementAndGet();
            try {
                Thread.sleep(RECONNECT_MILLIS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }

    private void send(Transport transport, long number) throws MessagingException, IOException {
        MimeMessage message = message(number);
        try {
            transport.sendMessage(message, message.getAllRecipients());
        } catch (SendFailedException e) {
            if (answered(e)) {
                // The server answered, and not 250: nothing was accepted, the client knows it must retry.
                refused.incrementAndGet();
                write(refusedFile, number + " " + answer(e));
                return;
            }
            unanswered.incrementAndGet();
            write(unansweredFile, Long.toString(number));
            throw e;
        } catch (MessagingException e) {
            unanswered.incrementAndGet();
            write(unansweredFile, Long.toString(number));
            throw e;
        }
        acked.incrementAndGet();
        write(ackedFile, Long.toString(number));
    }

    private MimeMessage message(long number) throws MessagingException {
        String domain = options.to().substring(options.to().indexOf('@') + 1);
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<crash-" + number + "@" + domain + ">");
            }
        };
        message.setFrom(new InternetAddress(options.from()));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(options.to()));
        message.setSubject("Crash test " + number);
        message.setText(body, "UTF-8", "plain");
        message.saveChanges();
        return message;
    }

    /** JavaMail reports a connection closed while it waited for the reply as a refusal with reply code -1. */
    private static boolean answered(SendFailedException e) {
        for (Exception next = e; next != null; next = next instanceof MessagingException m ? m.getNextException() : null) {
            if (next instanceof SMTPSendFailedException message && message.getReturnCode() < 100
                    || next instanceof SMTPAddressFailedException address && address.getReturnCode() < 100) {
                return false;
            }
        }
        return true;
    }

    private static String answer(SendFailedException e) {
        String text = e.getMessage();
        for (Exception next = e.getNextException(); next != null; next = next instanceof MessagingException m
                ? m.getNextException() : null) {
            text = next.getMessage();
        }
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }

    private static synchronized void write(BufferedWriter file, String line) throws IOException {
        file.write(line);
        file.newLine();
        file.flush();
    }

    private static void close(Transport transport) {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // the server is gone: nothing to close cleanly
            }
        }
    }
}
