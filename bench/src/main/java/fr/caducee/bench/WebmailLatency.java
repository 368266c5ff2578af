package fr.caducee.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.Transport;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLContext;

import org.jsoup.nodes.Element;

import fr.caducee.testkit.ClientTls;

/**
 * The webmail's pages as one patient sees them, timed one request at a time over one kept-alive HTTPS connection.
 * The patient's box is made first as a patient and their doctor make it: the box already holds {@code --conversations}
 * conversations (opened over submission by {@link WebmailSeed}); this program logs in through the real login (the
 * password, then the enrolment of an authenticator app whose codes it computes), waits until the list shows them,
 * then builds one conversation of {@code --thread-messages} messages: a professional's first message over submission,
 * then, in turn, the patient's reply through the webmail (through the server's submission chain) and the
 * professional's next message ({@code In-Reply-To} the first), half each.
 *
 * <p>Then, in {@code --rounds} rounds after {@code --warmup} untimed requests of each, {@code --runs} requests of each
 * kind: {@code floor} (the stylesheet: TLS, HTTP, the handler's headers, nothing else), {@code home} ({@code GET /}:
 * the session found and checked, the box opened, a 303), {@code list} (the first page of the conversations),
 * {@code list-page} (page {@code --list-page}), {@code conversation} (the conversation of {@code --thread-messages}
 * messages). With {@code --server-pid}, the server's CPU time (its JVM and its PostgreSQL) per request of each kind.
 * One key=value line per kind; exits 1 on any failure.
 */
public final class WebmailLatency {
    static final String USAGE = "usage: WebmailLatency --base https://HOST:PORT --ca CA.pem --patient FILE"
        + " --professional FILE --smtp-host HOST --smtp-port PORT [--conversations 1000] [--thread-messages 100]"
        + " [--runs 500] [--warmup 50] [--rounds 5] [--list-page 20] [--server-pid PID] [--clock-hz 100]";
    private static final Pattern COUNT = Pattern.compile("([0-9]+) conversations?, de la plus récente");
    private static final String ARTICLE = "<article class=\"message";
    private static final long WAIT_MILLIS = 20 * 60 * 1000;

    private final WebmailClient patient;
    private final ServerCpu cpu;

    private WebmailLatency(WebmailClient patient, ServerCpu cpu) {
        this.patient = patient;
        this.cpu = cpu;
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parseOrExit(USAGE, args, new String[] {"base", "ca", "patient", "professional",
            "smtp-host", "smtp-port", "conversations", "thread-messages", "runs", "warmup", "rounds", "list-page",
            "server-pid", "clock-hz"}, "base", "ca", "patient", "professional", "smtp-host", "smtp-port");
        SSLContext tls = ClientTls.trusting(line.path("ca"));
        ProfessionalMail.Credentials patientBox = ProfessionalMail.read(line.path("patient")).get(0);
        ProfessionalMail.Credentials professional = ProfessionalMail.read(line.path("professional")).get(0);
        int pid = line.nonNegative("server-pid", 0);
        WebmailLatency latency = new WebmailLatency(
            new WebmailClient(WebmailClient.http(tls, null), URI.create(line.text("base", null))),
            pid == 0 ? null : new ServerCpu(pid, line.positive("clock-hz", 100)));
        ProfessionalMail mail = new ProfessionalMail(line.text("smtp-host", null), line.positive("smtp-port", null), tls);

        WebmailClient.Login login = latency.patient.logIn(patientBox.address(), patientBox.password(), null);
        System.out.printf(Locale.ROOT, "login password_ms=%.0f enrolment_ms=%.0f%n", login.passwordNanos() / 1e6,
            login.factorNanos() / 1e6);
        int conversations = line.positive("conversations", 1000);
        long waited = latency.awaitConversations(conversations);
        System.out.printf(Locale.ROOT, "seeded conversations=%d visible_after_s=%.1f%n", conversations, waited / 1e3);
        String thread = latency.buildThread(mail, professional, patientBox.address(),
            line.positive("thread-messages", 100));

        int listPage = line.positive("list-page", 20);
        Map<String, Request> kinds = new LinkedHashMap<>();
        kinds.put("floor", new Request("/static/caducee.css", 200, "body"));
        kinds.put("home", new Request("/", 303, ""));
        kinds.put("list", new Request("/conversations", 200, "Page 1 sur"));
        kinds.put("list-page", new Request("/conversations?page=" + listPage, 200, "Page " + listPage + " sur"));
        kinds.put("conversation", new Request(thread, 200, "action=\"" + thread + "/reponse\""));
        System.exit(latency.time(kinds, line.positive("runs", 500), line.nonNegative("warmup", 50),
            line.positive("rounds", 5)) ? 0 : 1);
    }

    /** A page to time: its path, the status it must answer, a piece of text its answer must hold. */
    private record Request(String path, int status, String holds) {
    }

    /** Polls the list until it counts {@code expected} conversations; answers how long that took, in ms. */
    private long awaitConversations(int expected) throws IOException, InterruptedException {
        long start = System.currentTimeMillis();
        int seen = 0;
        while (System.currentTimeMillis() - start < WAIT_MILLIS) {
            Matcher count = COUNT.matcher(WebmailClient.expect(patient.get("/conversations"), 200, "the list").body());
            seen = count.find() ? Integer.parseInt(count.group(1)) : 0;
            if (seen >= expected) {
                return System.currentTimeMillis() - start;
            }
            Thread.sleep(1000);
        }
        throw new IOException("the list shows " + seen + " conversations, not " + expected + ", after 20 minutes");
    }

    /**
     * The professional's first message, then the patient's replies and the professional's messages in turn; answers
     * the conversation's path once its page shows them all.
     */
    private String buildThread(ProfessionalMail mail, ProfessionalMail.Credentials professional, String patientAddress,
                               int messages) throws Exception {
        long start = System.nanoTime();
        String subject = "Suivi de votre traitement " + UUID.randomUUID().toString().substring(0, 8);
        String first = ProfessionalMail.messageId(professional.address(), UUID.randomUUID().toString());
        Transport transport = mail.connect(professional);
        List<Long> replies = new ArrayList<>();
        String path;
        try {
            send(transport, mail.message(professional.address(), patientAddress, subject, ProfessionalMail.text(1),
                first, null));
            path = awaitLink(subject);
            Element form = WebmailClient.parse(WebmailClient.expect(patient.get(path), 200, path))
                .selectFirst("form[action=\"" + path + "/reponse\"]");
            if (form == null) {
                throw new IOException(path + " has no reply form");
            }
            List<Map.Entry<String, String>> to = form.select("input[name=to]").eachAttr("value").stream()
                .map(address -> Map.entry("to", address)).toList();
            int fromProfessional = 1;
            for (int sent = 1; sent < messages; sent++) {
                if (sent % 2 == 1) {
                    List<Map.Entry<String, String>> fields = new ArrayList<>(to);
                    fields.add(Map.entry("texte", "Merci docteur. Réponse n° " + (sent / 2 + 1) + " : tout va bien."));
                    WebmailClient.Answer reply = WebmailClient.expect(patient.postMultipart(path + "/reponse", fields),
                        303, "the patient's reply " + (sent / 2 + 1));
                    replies.add(reply.nanos());
                } else {
                    fromProfessional++;
                    send(transport, mail.message(professional.address(), patientAddress, "Re: " + subject,
                        ProfessionalMail.text(fromProfessional), ProfessionalMail.messageId(professional.address(),
                            UUID.randomUUID().toString()), first));
                }
            }
        } finally {
            transport.close();
        }
        long shownAt = System.currentTimeMillis();
        int shown = 0;
        while (System.currentTimeMillis() - shownAt < WAIT_MILLIS) {
            String page = WebmailClient.expect(patient.get(path), 200, path).body();
            shown = occurrences(page, ARTICLE);
            if (shown >= messages) {
                break;
            }
            Thread.sleep(500);
        }
        if (shown < messages) {
            throw new IOException(path + " shows " + shown + " messages, not " + messages);
        }
        replies.sort(null);
        System.out.printf(Locale.ROOT, "thread messages=%d seconds=%.1f replies=%d reply_p50_ms=%.1f reply_max_ms=%.1f%n",
            shown, (System.nanoTime() - start) / 1e9, replies.size(),
            replies.isEmpty() ? 0 : replies.get((replies.size() - 1) / 2) / 1e6,
            replies.isEmpty() ? 0 : replies.get(replies.size() - 1) / 1e6);
        return path;
    }

    private static void send(Transport transport, MimeMessage message) throws Exception {
        transport.sendMessage(message, message.getAllRecipients());
    }

    /** The path of the conversation whose subject is {@code subject}, once the list's first page shows it. */
    private String awaitLink(String subject) throws Exception {
        long start = System.currentTimeMillis();
        while (System.currentTimeMillis() - start < WAIT_MILLIS) {
            WebmailClient.Answer list = WebmailClient.expect(patient.get("/conversations"), 200, "the list");
            for (Element link : WebmailClient.parse(list).select("a[href^=\"/conversations/\"]")) {
                if (link.text().contains(subject)) {
                    return link.attr("href");
                }
            }
            Thread.sleep(200);
        }
        throw new IOException("no conversation \"" + subject + "\" on the list's first page");
    }

    private boolean time(Map<String, Request> kinds, int runs, int warmup, int rounds) throws Exception {
        for (int i = 0; i < warmup; i++) {
            for (Request request : kinds.values()) {
                patient.get(request.path());
            }
        }
        Map<String, LatencyRecorder> latencies = new LinkedHashMap<>();
        Map<String, long[]> totals = new LinkedHashMap<>(); // failures, bytes, server CPU ms
        kinds.keySet().forEach(kind -> {
            latencies.put(kind, new LatencyRecorder(runs));
            totals.put(kind, new long[3]);
        });
        for (int round = 0; round < rounds; round++) {
            int share = runs / rounds + (round < runs % rounds ? 1 : 0);
            for (Map.Entry<String, Request> kind : kinds.entrySet()) {
                Request request = kind.getValue();
                long[] total = totals.get(kind.getKey());
                long cpuBefore = cpu == null ? 0 : cpu.millis();
                for (int i = 0; i < share; i++) {
                    WebmailClient.Answer answer = patient.get(request.path());
                    if (answer.status() != request.status() || !answer.body().contains(request.holds())) {
                        if (total[0]++ == 0) {
                            System.err.println(kind.getKey() + ": " + answer.outcome() + " "
                                + WebmailClient.shown(answer.body()));
                        }
                        continue;
                    }
                    latencies.get(kind.getKey()).record(answer.nanos());
                    total[1] += answer.bytes().length;
                }
                total[2] += cpu == null ? 0 : cpu.millis() - cpuBefore;
            }
        }
        boolean ok = true;
        for (Map.Entry<String, Request> kind : kinds.entrySet()) {
            LatencyRecorder recorder = latencies.get(kind.getKey());
            LatencyRecorder.Summary summary = recorder.summary();
            long[] total = totals.get(kind.getKey());
            System.out.printf(Locale.ROOT, "operation=%s path=%s runs=%d timed=%d failed=%d p50_ms=%.2f p99_ms=%.2f"
                    + " max_ms=%.2f bytes=%d server_cpu_ms=%s%n", kind.getKey(), kind.getValue().path(), runs,
                recorder.count(), total[0], summary.p50Millis(), summary.p99Millis(), summary.maxMillis(),
                recorder.count() == 0 ? 0 : total[1] / recorder.count(),
                cpu == null ? "-" : String.format(Locale.ROOT, "%.2f", (double) total[2] / runs));
            ok &= total[0] == 0;
        }
        return ok;
    }

    private static int occurrences(String text, String piece) {
        int count = 0;
        for (int at = text.indexOf(piece); at >= 0; at = text.indexOf(piece, at + piece.length())) {
            count++;
        }
        return count;
    }
}
