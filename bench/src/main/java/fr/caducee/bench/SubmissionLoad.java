package fr.caducee.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.Session;
import javax.mail.Transport;
import javax.net.ssl.SSLContext;

import fr.caducee.testkit.ClientTls;

/**
 * Submission load generator: N messages over C authenticated STARTTLS connections on the submission port, timing
 * each transaction up to the server's 250, then optionally the delay until all of them are readable over IMAPS.
 * Ends with one line of key=value pairs for scripts; exits 1 if any message was refused or never showed up.
 */
public final class SubmissionLoad {
    private SubmissionLoad() {
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("SubmissionLoad: " + e.getMessage());
            System.err.println(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(options) ? 0 : 1);
    }

    static boolean run(LoadOptions options) throws Exception {
        SSLContext tls = ClientTls.trusting(options.ca());
        Session session = Session.getInstance(MailSessions.submissionAndImaps(options.host(), options.port(), tls));
        BenchMessage messages = new BenchMessage(session, options.from(), options.to(), options.size());
        LatencyRecorder latencies = new LatencyRecorder(options.messages());

        InboxWatch inbox = options.imapsPort() == null ? null
            : InboxWatch.open(tls, options.host(), options.imapsPort(), options.to(), options.toPassword());
        // Mail already there (an earlier run) must not count towards this run's deliveries.
        int inboxBefore = inbox == null ? 0 : inbox.count();

        List<SubmissionWorker> workers = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        for (int i = 0; i < options.connections(); i++) {
            Transport transport = session.getTransport("smtp");
            transport.connect(options.from(), options.password());
            workers.add(new SubmissionWorker(transport, messages, next, options.messages(), latencies));
        }

        ExecutorService pool = Executors.newFixedThreadPool(options.connections());
        long start = System.nanoTime();
        List<Future<SubmissionWorker.Outcome>> futures = pool.invokeAll(workers);
        long end = System.nanoTime();
        pool.shutdown();

        int accepted = 0;
        int failed = 0;
        int reconnects = 0;
        for (Future<SubmissionWorker.Outcome> future : futures) {
            try {
                SubmissionWorker.Outcome outcome = future.get();
                accepted += outcome.accepted();
                failed += outcome.failed();
                reconnects += outcome.reconnects();
                if (outcome.firstError() != null) {
                    System.err.println("worker error: " + outcome.firstError());
                }
            } catch (ExecutionException e) {
                System.err.println("worker stopped: " + e.getCause());
            }
        }
        // Messages a stopped worker never sent count as failed too.
        failed = options.messages() - accepted;

        double inboxSeconds = Double.NaN;
        if (inbox != null) {
            try (inbox) {
                long visible = inbox.awaitCount(inboxBefore + accepted, TimeUnit.SECONDS.toNanos(options.inboxTimeoutSeconds()));
                if (visible > 0) {
                    inboxSeconds = (visible - start) / 1e9;
                } else {
                    System.err.println("INBOX still incomplete after " + options.inboxTimeoutSeconds() + " s");
                }
            }
        }

        double elapsed = (end - start) / 1e9;
        LatencyRecorder.Summary latency = latencies.summary();
        report(options, accepted, failed, reconnects, elapsed, latency, inboxSeconds);
        return failed == 0 && (inbox == null || !Double.isNaN(inboxSeconds));
    }

    private static void report(LoadOptions options, int accepted, int failed, int reconnects, double elapsed,
            LatencyRecorder.Summary latency, double inboxSeconds) {
        double rate = elapsed > 0 ? accepted / elapsed : 0;
        System.out.printf(Locale.ROOT, "Submitted %d messages of %d bytes over %d connections to %s:%d%n",
            options.messages(), options.size(), options.connections(), options.host(), options.port());
        System.out.printf(Locale.ROOT, "  accepted    %d (%d failed, %d reconnects)%n", accepted, failed, reconnects);
        System.out.printf(Locale.ROOT, "  elapsed     %.2f s, %.1f messages/s accepted%n", elapsed, rate);
        System.out.printf(Locale.ROOT, "  latency     p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
            latency.p50Millis(), latency.p99Millis(), latency.maxMillis());
        if (options.imapsPort() != null) {
            System.out.println(Double.isNaN(inboxSeconds)
                ? "  INBOX       incomplete"
                : String.format(Locale.ROOT, "  INBOX       all visible %.2f s after the first submission", inboxSeconds));
        }
        System.out.printf(Locale.ROOT,
            "messages=%d accepted=%d failed=%d reconnects=%d connections=%d size=%d elapsed_s=%.3f msg_per_s=%.1f "
                + "p50_ms=%.1f p99_ms=%.1f max_ms=%.1f inbox_visible_s=%s%n",
            options.messages(), accepted, failed, reconnects, options.connections(), options.size(), elapsed, rate,
            latency.p50Millis(), latency.p99Millis(), latency.maxMillis(),
            Double.isNaN(inboxSeconds) ? "NA" : String.format(Locale.ROOT, "%.3f", inboxSeconds));
    }
}
