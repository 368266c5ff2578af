package fr.caducee.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.net.ssl.SSLContext;

import com.sun.mail.smtp.SMTPMessage;

import fr.caducee.testkit.ClientTls;

/**
 * Deposits in the shared record by secure mail, timed from the server's {@code 250} to the receipt in the sender's
 * box: S senders (one submission connection each, STARTTLS + AUTH, kept for all their messages) send N messages in
 * all, each an {@code IHE_XDM.ZIP} around a copy of a real CDA with its own document id ({@link XdmDeposit}), while a
 * {@link ReceiptWatch} per sender waits for the receipts over IMAPS.
 * <ul>
 *   <li>{@code --mode record}: to the record's box; the receipt is the record's MDN ({@code Disposition-Notification-To}).</li>
 *   <li>{@code --mode plain}: the same message to an ordinary box; the receipt is the delivery DSN (NOTIFY=SUCCESS).</li>
 * </ul>
 * Ends with one line of key=value pairs; exits 1 if a message was refused, a receipt is missing or reports a failure.
 *
 * <pre>
 *   java -cp "bench/target/caducee-bench.jar:bench/target/lib/*" fr.caducee.bench.DepositLoad --port 587 \
 *       --imaps-port 993 --ca pki/dev-root-ca.pem --boxes senders.txt --to dmp@example.org --mode record \
 *       --cda CR_Radio_CDAN1_v1.XML [--messages 200] [--tag t1]
 * </pre>
 * {@code --boxes}: a file of "address password" lines, one per sender, readable by its owner alone: passwords are
 * never on a command line.
 */
public final class DepositLoad {
    static final String USAGE = "usage: DepositLoad [--host localhost] --port P --imaps-port P --ca CA.pem --boxes FILE"
        + " --to ADDR --mode record|plain --cda FILE [--messages 200] [--tag T] [--poll-ms 50] [--receipt-timeout 600]";

    private DepositLoad() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parseOrExit(USAGE, args, new String[] {"host", "port", "imaps-port", "ca",
            "boxes", "to", "mode", "cda", "messages", "tag", "poll-ms", "receipt-timeout"}, "port", "imaps-port", "ca",
            "boxes", "to", "mode", "cda");
        String mode = line.text("mode", null);
        if (!mode.equals("record") && !mode.equals("plain")) {
            System.err.println("DepositLoad: --mode is record or plain");
            System.exit(2);
        }
        System.exit(run(line, mode) ? 0 : 1);
    }

    private record Sender(String address, String password) {
    }

    private static boolean run(CommandLine line, String mode) throws Exception {
        String host = line.text("host", "localhost");
        List<Sender> senders = senders(line.path("boxes"));
        int messages = line.positive("messages", 200);
        int pollMillis = line.positive("poll-ms", 50);
        String to = line.text("to", null);
        SSLContext tls = ClientTls.trusting(line.path("ca"));
        Session session = Session.getInstance(MailSessions.submissionAndImaps(host, line.positive("port", null), tls));
        XdmDeposit deposits = new XdmDeposit(session, CdaSample.read(line.path("cda")),
            line.text("tag", Long.toString(System.currentTimeMillis(), 36)));
        String kind = mode.equals("record") ? "mdn" : "dsn";

        List<ReceiptWatch> watches = new ArrayList<>();
        List<Transport> transports = new ArrayList<>();
        for (Sender sender : senders) {
            watches.add(ReceiptWatch.open(tls, host, line.positive("imaps-port", null), sender.address(),
                sender.password(), pollMillis, kind));
            Transport transport = session.getTransport("smtp");
            transport.connect(sender.address(), sender.password());
            transports.add(transport);
        }

        Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
        List<Set<String>> expected = new ArrayList<>();
        senders.forEach(sender -> expected.add(ConcurrentHashMap.newKeySet()));
        LatencyRecorder submitLatency = new LatencyRecorder(messages);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean sendingDone = new AtomicBoolean();
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(line.positive("receipt-timeout", 600));

        ExecutorService pool = Executors.newFixedThreadPool(senders.size() * 2);
        List<Future<Boolean>> watching = new ArrayList<>();
        for (int s = 0; s < senders.size(); s++) {
            ReceiptWatch watch = watches.get(s);
            Set<String> ids = expected.get(s);
            watching.add(pool.submit(() -> watch.await(ids, sendingDone, deadline)));
        }
        long start = System.nanoTime();
        List<Future<?>> sending = new ArrayList<>();
        for (int s = 0; s < senders.size(); s++) {
            Sender sender = senders.get(s);
            Transport transport = transports.get(s);
            Set<String> ids = expected.get(s);
            sending.add(pool.submit(() -> {
                for (int index = next.incrementAndGet(); index <= messages; index = next.incrementAndGet()) {
                    SMTPMessage message = deposits.message(mode, index, sender.address(), to);
                    message.saveChanges(); // client work, out of the timed transaction
                    String id = deposits.messageId(mode, index);
                    long before = System.nanoTime();
                    try {
                        transport.sendMessage(message, message.getAllRecipients());
                    } catch (MessagingException e) {
                        refused.incrementAndGet();
                        errors.add(sender.address() + ": " + e.getMessage());
                        continue;
                    }
                    long after = System.nanoTime();
                    submitLatency.record(after - before);
                    acceptedAt.put(id, after);
                    ids.add(id);
                }
                transport.close();
                return null;
            }));
        }
        for (Future<?> future : sending) {
            future.get();
        }
        long sendEnd = System.nanoTime();
        sendingDone.set(true);
        boolean allReceipts = true;
        for (Future<Boolean> future : watching) {
            allReceipts &= future.get();
        }
        pool.shutdown();

        LatencyRecorder receiptLatency = new LatencyRecorder(messages);
        long lastSeen = start;
        int ok = 0;
        int failed = 0;
        int unmatched = 0;
        int otherKinds = 0;
        int duplicates = 0;
        String firstFailure = null;
        for (int s = 0; s < senders.size(); s++) {
            ReceiptWatch watch = watches.get(s);
            for (String id : expected.get(s)) {
                Long seen = watch.seenAt(id);
                if (seen == null) {
                    continue;
                }
                receiptLatency.record(Math.max(0, seen - acceptedAt.get(id)));
                lastSeen = Math.max(lastSeen, seen);
                Receipt receipt = watch.receipt(id);
                if (receipt.success()) {
                    ok++;
                } else {
                    failed++;
                    firstFailure = firstFailure == null ? id + ": " + receipt.detail() : firstFailure;
                }
            }
            unmatched += watch.unmatched();
            otherKinds += watch.otherKinds();
            duplicates += watch.duplicates();
            watch.close();
        }
        int accepted = acceptedAt.size();
        int received = receiptLatency.count();
        if (!errors.isEmpty()) {
            System.err.println("first refusal: " + errors.get(0));
        }
        if (firstFailure != null) {
            System.err.println("first failed receipt: " + firstFailure);
        }
        if (!allReceipts) {
            System.err.println((accepted - received) + " receipt(s) missing after the timeout");
        }
        LatencyRecorder.Summary submit = submitLatency.summary();
        LatencyRecorder.Summary receipt = receiptLatency.summary();
        double elapsed = (lastSeen - start) / 1e9;
        double sendSeconds = (sendEnd - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %d messages of %d bytes from %d senders to %s, %d accepted, %d receipts"
                + " (%d ok, %d failed), %d unmatched, %d of another kind, %d duplicate(s)%n", mode, messages,
            messageSize(deposits, mode, to), senders.size(), to, accepted, received, ok, failed, unmatched, otherKinds,
            duplicates);
        System.out.printf(Locale.ROOT,
            "mode=%s messages=%d senders=%d size=%d accepted=%d refused=%d receipts=%d ok=%d failed=%d missing=%d "
                + "duplicates=%d unmatched=%d other_kinds=%d send_s=%.3f submit_per_s=%.1f submit_p50_ms=%.1f "
                + "submit_p99_ms=%.1f elapsed_s=%.3f per_s=%.1f receipt_p50_ms=%.1f receipt_p99_ms=%.1f "
                + "receipt_max_ms=%.1f%n",
            mode, messages, senders.size(), messageSize(deposits, mode, to), accepted, refused.get(), received, ok,
            failed, accepted - received, duplicates, unmatched, otherKinds, sendSeconds,
            sendSeconds > 0 ? accepted / sendSeconds : 0, submit.p50Millis(), submit.p99Millis(), elapsed,
            elapsed > 0 ? ok / elapsed : 0, receipt.p50Millis(), receipt.p99Millis(), receipt.maxMillis());
        return refused.get() == 0 && allReceipts && failed == 0 && duplicates == 0;
    }

    private static List<Sender> senders(Path file) throws IOException {
        List<Sender> senders = new ArrayList<>();
        for (String entry : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] fields = entry.strip().split("\\s+", 2);
            if (fields.length == 2) {
                senders.add(new Sender(fields[0], fields[1]));
            } else if (!entry.isBlank()) {
                throw new IOException(file + ": expected \"address password\" lines");
            }
        }
        if (senders.isEmpty()) {
            throw new IOException(file + " names no sender");
        }
        return senders;
    }

    /** The size on the wire of one message of this run (the first), for the report. */
    private static int messageSize(XdmDeposit deposits, String mode, String to) {
        try {
            SMTPMessage message = deposits.message(mode, 0, "sender@bench.localhost", to);
            message.saveChanges();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            message.writeTo(bytes);
            return bytes.size();
        } catch (MessagingException | IOException e) {
            return -1;
        }
    }
}
