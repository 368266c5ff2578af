package fr.caducee.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import fr.caducee.testkit.ClientTls;

/**
 * Patients browsing and replying at once, for a bounded time: the first {@code --count} sessions of
 * {@code --sessions} (one per patient, opened by {@link WebmailLogin}), each its own browser with one kept-alive
 * HTTPS connection, loop for {@code --seconds}: the list of conversations, their conversation, a reply to it
 * (multipart, with the form's token and its hidden recipients, through the server's submission chain), with
 * {@code --think-ms} between requests (0: none). The reply's 303 is not followed: the next round starts at the list.
 *
 * <p>Counted: requests per second, p50 / p99 / max of each kind, and errors: any answer other than the page expected
 * (a list without the patient's conversation, a conversation without its reply form, a reply not answered by a 303
 * back to the conversation: a refusal of the rules shows as its page, with its status and rule), any request that
 * failed or timed out. Then every reply answered 303 must reach its professional: their INBOXes are counted over
 * IMAPS ({@code --professionals}, "address password"), until they hold what was sent to them or
 * {@code --deliver-timeout} seconds pass. Prints key=value lines; exits 1 on any error or any reply not delivered.
 */
public final class WebmailLoad {
    static final String USAGE = "usage: WebmailLoad --base https://HOST:PORT --ca CA.pem --sessions FILE --count 200"
        + " --professionals FILE --imaps-port PORT [--seconds 60] [--think-ms 0] [--deliver-timeout 300] [--server-pid PID]"
        + " [--clock-hz 100]";
    private static final String[] KINDS = {"list", "conversation", "reply"};

    private final Map<String, LatencyRecorder> latencies = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Tally replies = new Tally();
    private final AtomicLong lastAnswer = new AtomicLong();

    private WebmailLoad(int seconds) {
        for (String kind : KINDS) {
            latencies.put(kind, new LatencyRecorder(Math.max(10_000, seconds * 2_000)));
            requests.put(kind, new AtomicInteger());
        }
    }

    /** One patient's browser and what it replies to. */
    private record Patient(String address, WebmailClient browser, String conversation, List<String> to) {
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parseOrExit(USAGE, args, new String[] {"base", "ca", "sessions", "count",
            "professionals", "imaps-port", "seconds", "think-ms", "deliver-timeout", "server-pid", "clock-hz"}, "base", "ca", "sessions", "count",
            "professionals", "imaps-port");
        SSLContext tls = ClientTls.trusting(line.path("ca"));
        URI base = URI.create(line.text("base", null));
        int count = line.positive("count", null);
        int seconds = line.positive("seconds", 60);
        int thinkMillis = line.nonNegative("think-ms", 0);
        WebmailLoad load = new WebmailLoad(seconds);

        Map<String, String[]> sessions = new LinkedHashMap<>();
        for (String session : Files.readAllLines(line.path("sessions"), StandardCharsets.UTF_8)) {
            String[] fields = session.strip().split(" ");
            if (fields.length == 3 && sessions.size() < count) {
                sessions.putIfAbsent(fields[0], fields);
            }
        }
        if (sessions.size() < count) {
            throw new IllegalArgumentException(line.path("sessions") + " holds " + sessions.size() + " patients' sessions, not "
                + count);
        }
        List<ProfessionalMail.Credentials> professionals = ProfessionalMail.read(line.path("professionals"));
        // One IMAPS session per professional, kept: each count is a STATUS, not a login (a password hash) again.
        Map<String, InboxWatch> inboxes = new LinkedHashMap<>();
        for (ProfessionalMail.Credentials professional : professionals) {
            inboxes.put(professional.address(), InboxWatch.open(tls, base.getHost(), line.positive("imaps-port", null),
                professional.address(), professional.password()));
        }
        Map<String, Integer> before = counts(inboxes);

        // Untimed: each browser's connection made, its conversation found (its professional's message delivered).
        ExecutorService preparing = Executors.newFixedThreadPool(8);
        List<Future<Patient>> ready = new ArrayList<>();
        for (String[] session : sessions.values()) {
            ready.add(preparing.submit(() -> prepare(tls, base, session)));
        }
        List<Patient> patients = new ArrayList<>();
        for (Future<Patient> patient : ready) {
            patients.add(patient.get());
        }
        preparing.shutdown();

        ExecutorService browsing = Executors.newFixedThreadPool(patients.size());
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        List<Future<?>> done = new ArrayList<>();
        for (Patient patient : patients) {
            done.add(browsing.submit(() -> {
                go.await();
                load.browse(patient, window[1], thinkMillis);
                return null;
            }));
        }
        int pid = line.nonNegative("server-pid", 0);
        ServerCpu cpu = pid == 0 ? null : new ServerCpu(pid, line.positive("clock-hz", 100));
        long cpuBefore = cpu == null ? 0 : cpu.millis();
        window[0] = System.nanoTime();
        window[1] = window[0] + seconds * 1_000_000_000L;
        go.countDown();
        for (Future<?> future : done) {
            future.get();
        }
        browsing.shutdown();
        double elapsed = (load.lastAnswer.get() - window[0]) / 1e9;
        long cpuMillis = cpu == null ? 0 : cpu.millis() - cpuBefore;

        int total = 0;
        int failed = 0;
        for (String kind : KINDS) {
            LatencyRecorder.Summary summary = load.latencies.get(kind).summary();
            int made = load.requests.get(kind).get();
            int errors = load.errors.entrySet().stream().filter(e -> e.getKey().startsWith(kind + " "))
                .mapToInt(e -> e.getValue().get()).sum();
            total += made;
            failed += errors;
            System.out.printf(Locale.ROOT, "operation=%s requests=%d errors=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
                kind, made, errors, summary.p50Millis(), summary.p99Millis(), summary.maxMillis());
        }
        load.errors.forEach((what, times) -> System.out.printf(Locale.ROOT, "error %s times=%d%n", what.replace(' ', '_'),
            times.get()));
        int sent = load.requests.get("reply").get() - load.errors.entrySet().stream()
            .filter(e -> e.getKey().startsWith("reply ")).mapToInt(e -> e.getValue().get()).sum();
        System.out.printf(Locale.ROOT, "load sessions=%d seconds=%.1f think_ms=%d requests=%d per_s=%.1f errors=%d"
            + " replies=%d server_cpu_ms_per_request=%s server_cores_busy=%s%n", patients.size(), elapsed, thinkMillis,
            total, total / elapsed, failed, sent,
            cpu == null ? "-" : String.format(Locale.ROOT, "%.1f", (double) cpuMillis / Math.max(total, 1)),
            cpu == null ? "-" : String.format(Locale.ROOT, "%.2f", cpuMillis / 1000.0 / elapsed));

        int expected = 0;
        for (ProfessionalMail.Credentials professional : professionals) {
            expected += load.replies.of(professional.address());
        }
        long deadline = System.nanoTime() + line.positive("deliver-timeout", 300) * 1_000_000_000L;
        long waitStart = System.nanoTime();
        int delivered;
        while (true) {
            Map<String, Integer> after = counts(inboxes);
            delivered = 0;
            for (ProfessionalMail.Credentials professional : professionals) {
                delivered += after.get(professional.address()) - before.get(professional.address());
            }
            if (delivered >= expected || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(1000);
        }
        System.out.printf(Locale.ROOT, "delivered replies=%d expected=%d waited_s=%.1f%n", delivered, expected,
            (System.nanoTime() - waitStart) / 1e9);
        for (InboxWatch inbox : inboxes.values()) {
            inbox.close();
        }
        System.exit(failed == 0 && delivered == expected && sent == expected ? 0 : 1);
    }

    private static Patient prepare(SSLContext tls, URI base, String[] session) throws Exception {
        WebmailClient browser = new WebmailClient(WebmailClient.http(tls, null), base);
        browser.resume(session[1], session[2]);
        long deadline = System.currentTimeMillis() + 300_000;
        Element link;
        do {
            WebmailClient.Answer list = WebmailClient.expect(browser.get("/conversations"), 200,
                "the list of " + session[0]);
            link = WebmailClient.parse(list).selectFirst("a[href^=\"/conversations/\"]");
            if (link == null) {
                Thread.sleep(500);
            }
        } while (link == null && System.currentTimeMillis() < deadline);
        if (link == null) {
            throw new IOException(session[0] + " has no conversation after 5 minutes");
        }
        String conversation = link.attr("href");
        Document page = WebmailClient.parse(WebmailClient.expect(browser.get(conversation), 200, conversation));
        Element form = page.selectFirst("form[action=\"" + conversation + "/reponse\"]");
        if (form == null) {
            throw new IOException(conversation + " of " + session[0] + " has no reply form");
        }
        return new Patient(session[0], browser, conversation, form.select("input[name=to]").eachAttr("value"));
    }

    private void browse(Patient patient, long deadline, int thinkMillis) throws InterruptedException {
        String list = "href=\"" + patient.conversation() + "\"";
        String form = "action=\"" + patient.conversation() + "/reponse\"";
        int round = 0;
        while (true) {
            round++;
            if (!timed(patient, "list", deadline, thinkMillis, answer -> answer.status() == 200
                    && answer.body().contains(list), () -> patient.browser().get("/conversations"))) {
                return;
            }
            if (!timed(patient, "conversation", deadline, thinkMillis, answer -> answer.status() == 200
                    && answer.body().contains(form), () -> patient.browser().get(patient.conversation()))) {
                return;
            }
            List<Map.Entry<String, String>> fields = new ArrayList<>();
            patient.to().forEach(address -> fields.add(Map.entry("to", address)));
            fields.add(Map.entry("texte", "Merci docteur, bien reçu. Réponse n° " + round + "."));
            boolean[] sent = new boolean[1];
            if (!timed(patient, "reply", deadline, thinkMillis, answer -> sent[0] = answer.status() == 303
                    && answer.location().orElse("").equals(patient.conversation()),
                    () -> patient.browser().postMultipart(patient.conversation() + "/reponse", fields))) {
                return;
            }
            if (sent[0]) {
                patient.to().forEach(address -> replies.add(address, 1));
            }
        }
    }

    private interface Call {
        WebmailClient.Answer call() throws IOException, InterruptedException;
    }

    private interface Check {
        boolean expected(WebmailClient.Answer answer);
    }

    /** One request, unless the time is up; false when it is. */
    private boolean timed(Patient patient, String kind, long deadline, int thinkMillis, Check check, Call call)
            throws InterruptedException {
        if (System.nanoTime() >= deadline) {
            return false;
        }
        requests.get(kind).incrementAndGet();
        try {
            WebmailClient.Answer answer = call.call();
            if (check.expected(answer)) {
                latencies.get(kind).record(answer.nanos());
            } else {
                error(kind, answer.outcome(), patient, WebmailClient.shown(answer.body()));
            }
        } catch (IOException e) {
            error(kind, e.getClass().getSimpleName(), patient, String.valueOf(e.getMessage()));
        }
        lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
        if (thinkMillis > 0) {
            Thread.sleep(thinkMillis);
        }
        return true;
    }

    private void error(String kind, String outcome, Patient patient, String detail) {
        if (errors.computeIfAbsent(kind + " " + outcome, key -> new AtomicInteger()).getAndIncrement() == 0) {
            System.err.println(kind + " of " + patient.address() + ": " + outcome + ": " + detail);
        }
    }

    /** Each professional's INBOX message count. */
    private static Map<String, Integer> counts(Map<String, InboxWatch> inboxes) throws Exception {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Map.Entry<String, InboxWatch> inbox : inboxes.entrySet()) {
            counts.put(inbox.getKey(), inbox.getValue().count());
        }
        return counts;
    }
}
