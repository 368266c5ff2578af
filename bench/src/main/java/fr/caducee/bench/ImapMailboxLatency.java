package fr.caducee.bench;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

import javax.net.ssl.SSLContext;

import fr.caducee.testkit.ClientTls;

/**
 * Latency of the IMAP commands a mail client sends when it opens a large INBOX, over IMAPS. Each command is timed
 * R times, each time in a new session, as a client opening the box: connect, LOGIN and (except when SELECT itself is
 * measured) SELECT INBOX untimed, then the command, from sending it to its tagged OK, the whole answer read. A
 * command stops being repeated once its runs have taken the budget (a pathologically slow one is measured fewer
 * times rather than holding the run for an hour). Searches look for the words {@link ImapAppendFill} put in one
 * message in {@value ImapAppendFill#MARKED}. Ends with one line of key=value pairs per command; exits 1 if any run
 * failed.
 *
 * <pre>
 *   java -cp "bench/target/caducee-bench.jar:bench/target/lib/*" fr.caducee.bench.ImapMailboxLatency \
 *       --port 993 --ca data/pki/dev-root-ca.pem --user box@example.org --password PW [--repetitions 20]
 * </pre>
 */
public final class ImapMailboxLatency {
    static final String USAGE = "usage: ImapMailboxLatency [--host localhost] --port PORT --ca CA.pem --user ADDR"
        + " --password PW [--repetitions 20] [--budget-seconds 120] [--seed 1]";

    /** A command measured: its name for scripts and its text, given the number of messages the SELECT reported. */
    record Measured(String name, IntFunction<String> command) {
    }

    private ImapMailboxLatency() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine line;
        try {
            line = CommandLine.parse(args, "host", "port", "ca", "user", "password", "repetitions", "budget-seconds",
                "seed");
            for (String required : List.of("ca", "user", "password")) {
                line.text(required, null);
            }
            line.positive("port", null);
            for (String optional : List.of("repetitions", "budget-seconds", "seed")) {
                line.positive(optional, 1);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ImapMailboxLatency: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        String host = line.text("host", "localhost");
        int port = line.positive("port", null);
        SSLContext tls = ClientTls.trusting(line.path("ca"));
        String user = line.text("user", null);
        String password = line.text("password", null);
        int repetitions = line.positive("repetitions", 20);
        long budgetNanos = line.positive("budget-seconds", 120) * 1_000_000_000L;
        SplittableRandom random = new SplittableRandom(line.positive("seed", 1));

        List<Measured> commands = List.of(
            new Measured("select", exists -> "SELECT INBOX"),
            new Measured("fetch_last50", exists -> "FETCH " + Math.max(1, exists - 49) + ":" + exists + " (ENVELOPE FLAGS)"),
            new Measured("fetch_all_flags", exists -> "FETCH 1:* (FLAGS)"),
            new Measured("fetch_body", exists -> "FETCH " + (1 + random.nextInt(exists)) + " (BODY.PEEK[])"),
            new Measured("search_unseen", exists -> "SEARCH UNSEEN"),
            new Measured("search_subject", exists -> "SEARCH SUBJECT " + ImapAppendFill.SUBJECT_WORD),
            new Measured("search_text", exists -> "SEARCH TEXT " + ImapAppendFill.TEXT_WORD));
        boolean allPassed = true;
        for (Measured measured : commands) {
            allPassed &= measure(host, port, tls, user, password, measured, repetitions, budgetNanos);
        }
        System.exit(allPassed ? 0 : 1);
    }

    private static boolean measure(String host, int port, SSLContext tls, String user, String password,
                                   Measured measured, int repetitions, long budgetNanos) {
        LatencyRecorder latencies = new LatencyRecorder(repetitions);
        long spent = 0;
        int failed = 0;
        int results = -1;
        String example = "";
        String firstError = null;
        for (int run = 0; run < repetitions && spent < budgetNanos; run++) {
            long t0 = System.nanoTime();
            try (ImapConnection connection = ImapConnection.open(host, port, tls, 1_800_000)) {
                connection.login(user, password);
                int exists = measured.name().equals("select") ? 0 : exists(connection.command("SELECT INBOX"));
                example = measured.command().apply(exists);
                t0 = System.nanoTime();
                List<String> answer = connection.command(example);
                long elapsed = System.nanoTime() - t0;
                latencies.record(elapsed);
                spent += elapsed;
                results = results(measured.name(), answer);
                connection.logout();
            } catch (IOException | RuntimeException e) {
                failed++;
                spent += System.nanoTime() - t0;
                if (firstError == null) {
                    firstError = String.format(Locale.ROOT, "%s after %.1f s", e, (System.nanoTime() - t0) / 1e9);
                }
            }
        }
        LatencyRecorder.Summary latency = latencies.summary();
        System.out.printf(Locale.ROOT, "%-18s %-45s %2d runs: p50 %9.1f ms, p99 %9.1f ms, max %9.1f ms; %d results%n",
            measured.name(), example, latencies.count(), latency.p50Millis(), latency.p99Millis(), latency.maxMillis(),
            results);
        if (firstError != null) {
            System.out.printf(Locale.ROOT, "%-18s %d failed, first: %s%n", measured.name(), failed, firstError);
        }
        System.out.printf(Locale.ROOT, "command=%s runs=%d failed=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f results=%d%n",
            measured.name(), latencies.count(), failed, latency.p50Millis(), latency.p99Millis(), latency.maxMillis(),
            results);
        return failed == 0;
    }

    /** The message count of a SELECT answer ({@code * n EXISTS}). */
    private static int exists(List<String> answer) throws IOException {
        for (String line : answer) {
            String[] words = line.split(" ");
            if (words.length == 3 && words[2].equals("EXISTS")) {
                return Integer.parseInt(words[1]);
            }
        }
        throw new IOException("no EXISTS in the SELECT answer");
    }

    /** What the answer holds: messages for SELECT, FETCH responses for FETCH, matches for SEARCH. */
    private static int results(String name, List<String> answer) throws IOException {
        if (name.equals("select")) {
            return exists(answer);
        }
        if (name.startsWith("search")) {
            return answer.stream().filter(line -> line.startsWith("* SEARCH"))
                .mapToInt(line -> line.split(" ").length - 2).sum();
        }
        return (int) answer.stream().filter(line -> line.startsWith("* ") && line.contains(" FETCH ")).count();
    }
}
