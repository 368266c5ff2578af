package fr.caducee.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.mail.MessagingException;
import javax.mail.Transport;
import javax.mail.internet.MimeMessage;

import fr.caducee.testkit.ClientTls;

/**
 * Opens patients' conversations as professionals do: over submission, each professional on one connection of their
 * own (STARTTLS, AUTH as their box), all of them at once. Message {@code i} (from 0) goes from professional
 * {@code i mod P} to patient {@code i mod R}, a new message (no {@code In-Reply-To}): each one opens a conversation.
 * Prints one key=value line; exits 1 if any message was refused.
 *
 * <pre>
 *   java -cp "bench/target/caducee-bench.jar:bench/target/lib/*" fr.caducee.bench.WebmailSeed --host localhost \
 *       --port 10587 --ca pki/dev-root-ca.pem --professionals pros.txt --recipients patients.txt --messages 1000
 * </pre>
 * {@code --professionals}: "address password" lines (owner-only); {@code --recipients}: one address a line.
 */
public final class WebmailSeed {
    static final String USAGE = "usage: WebmailSeed --host HOST --port SUBMISSION_PORT --ca CA.pem --professionals FILE"
        + " --recipients FILE [--messages N (default: one per recipient)]";

    private WebmailSeed() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parseOrExit(USAGE, args, new String[] {"host", "port", "ca", "professionals",
            "recipients", "messages"}, "host", "port", "ca", "professionals", "recipients");
        List<ProfessionalMail.Credentials> professionals = ProfessionalMail.read(line.path("professionals"));
        List<String> recipients = Files.readAllLines(line.path("recipients"), StandardCharsets.UTF_8).stream()
            .map(String::strip).filter(address -> !address.isEmpty()).toList();
        if (professionals.isEmpty() || recipients.isEmpty()) {
            throw new IllegalArgumentException("no professional or no recipient");
        }
        int messages = line.positive("messages", recipients.size());
        ProfessionalMail mail = new ProfessionalMail(line.text("host", null), line.positive("port", null),
            ClientTls.trusting(line.path("ca")));

        int senders = Math.min(professionals.size(), messages);
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        List<Future<int[]>> results = new ArrayList<>();
        long start = System.nanoTime();
        for (int p = 0; p < senders; p++) {
            int sender = p;
            results.add(pool.submit(() -> send(mail, professionals.get(sender), sender, senders, messages, recipients)));
        }
        int accepted = 0;
        int failed = 0;
        for (Future<int[]> result : results) {
            int[] counts = result.get();
            accepted += counts[0];
            failed += counts[1];
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf(Locale.ROOT, "messages=%d accepted=%d failed=%d senders=%d seconds=%.1f per_s=%.1f%n",
            messages, accepted, failed, senders, seconds, accepted / seconds);
        System.exit(failed == 0 ? 0 : 1);
    }

    /** Professional {@code sender}'s share: messages sender, sender + senders, ... on one connection. */
    private static int[] send(ProfessionalMail mail, ProfessionalMail.Credentials professional, int sender, int senders,
                              int messages, List<String> recipients) throws MessagingException {
        int accepted = 0;
        int failed = 0;
        Transport transport = mail.connect(professional);
        try {
            for (int i = sender; i < messages; i += senders) {
                String subject = ProfessionalMail.SUBJECTS[i % ProfessionalMail.SUBJECTS.length] + " n° " + (i + 1);
                MimeMessage message = mail.message(professional.address(), recipients.get(i % recipients.size()),
                    subject, ProfessionalMail.text(i + 1), ProfessionalMail.messageId(professional.address(),
                        UUID.randomUUID().toString()), null);
                try {
                    transport.sendMessage(message, message.getAllRecipients());
                    accepted++;
                } catch (MessagingException e) {
                    if (failed++ == 0) {
                        System.err.println(professional.address() + " -> " + recipients.get(i % recipients.size())
                            + ": " + e.getMessage());
                    }
                    if (!transport.isConnected()) {
                        transport = mail.connect(professional);
                    }
                }
            }
        } finally {
            transport.close();
        }
        return new int[] {accepted, failed};
    }
}
