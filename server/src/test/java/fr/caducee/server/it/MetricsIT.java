package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.admin.AdminToken;

/**
 * {@code GET /metrics} on the packaged server, read with curl as Prometheus reads it: a metrics token minted by
 * {@code caducee directory token --metrics} in a file. Counters move by exactly what was done (a message accepted and
 * delivered, one refused by its rule, TLS handshakes failed by openssl and by a plain-text client); the token opens
 * nothing else; a huge query changes nothing; the sample dashboard names only metrics the server gives.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {
    static final String DOMAIN = "metriques.localhost";
    static final String DOCTOR = "dr.durand@" + DOMAIN;
    static final String PASSWORD = "pass-durand-2026";
    static final String COLLEAGUE = "dr.lefebvre@" + DOMAIN;
    static final String COLLEAGUE_PASSWORD = "pass-lefebvre-2026";
    static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{.*\\})?) (\\S+)$");
    static final long QUEUE_CACHE_MILLIS = 6_000;
    static final Pattern METRIC_NAME = Pattern.compile("\\b((?:caducee|james|jvm)_[A-Za-z0-9_]+)");

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withBox(DOCTOR, PASSWORD)
        .withBox(COLLEAGUE, COLLEAGUE_PASSWORD);

    @TempDir
    static Path folder;
    /** The token file, as Prometheus's {@code authorization.credentials_file} reads it. */
    static Path tokenFile;

    @BeforeAll
    static void mintTheMetricsTokenWithTheOperatorsCommand() throws Exception {
        tokenFile = folder.resolve("caducee-metrics.token");
        Path root = CaduceeProcess.repositoryRoot();
        Process command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", root.resolve("server/target/caducee-server.jar") + ":" + root.resolve("server/target/lib/*"),
            "fr.caducee.server.cli.Caducee", "directory", "--data", caducee.server().dataDir().toString(),
            "token", "--metrics", "--days", "30")
            .redirectOutput(tokenFile.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        assertThat(command.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(command.exitValue()).isZero();
        assertThat(Files.readString(tokenFile).trim()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    }

    @Test
    @Order(1)
    void countersMoveByWhatWasDoneWithTheirRuleAndReason() throws Exception {
        Map<String, Double> before = samples(scrape().body());
        String accepted = "decisions_total{decision=\"accepted\",rule=\"\",stage=\"\",via=\"submission\","
            + "temporary=\"false\",}";
        String delivered = "decisions_total{decision=\"delivered\",rule=\"\",stage=\"\",via=\"local\","
            + "temporary=\"false\",}";
        String refused = "decisions_total{decision=\"refused\",rule=\"sender-not-allowed\",stage=\"mail+rcpt\","
            + "via=\"submission\",temporary=\"false\",}";
        String oldProtocol = "tls_failures_total{listener=\"submission\",reason=\"protocol_version\",}";
        String plainText = "tls_failures_total{listener=\"imaps\",reason=\"not_tls\",}";

        // One message accepted and delivered.
        String subject = "Compte rendu " + UUID.randomUUID();
        MailClient client = new MailClient(caducee.server());
        client.send(DOCTOR, PASSWORD, COLLEAGUE, subject, "Un message compté.");
        client.awaitDelivered(COLLEAGUE, COLLEAGUE_PASSWORD, subject);
        // One refused: a login writing as a colleague's box.
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + COLLEAGUE + ">").code()).isEqualTo(550);
        }
        // A handshake in TLS 1.1 (openssl, as an old client), and plain text on the implicit TLS port of IMAP.
        FailingTlsClients.openssl("-connect", "127.0.0.1:" + caducee.server().ports().submission(), "-starttls", "smtp",
            "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
        FailingTlsClients.plainText(caducee.server().ports().imaps(), "a LOGIN " + DOCTOR + " " + PASSWORD + "\r\n");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, Double> after = samples(scrape().body());
            assertThat(delta(before, after, accepted)).as(accepted).isEqualTo(1.0);
            assertThat(delta(before, after, delivered)).as(delivered).isEqualTo(1.0);
            assertThat(delta(before, after, refused)).as(refused).isEqualTo(1.0);
            assertThat(delta(before, after, oldProtocol)).as(oldProtocol).isEqualTo(1.0);
            assertThat(delta(before, after, plainText)).as(plainText).isEqualTo(1.0);
        });
        Answer answer = scrape();
        Map<String, Double> after = samples(answer.body());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        // Every record written was forced to disk at least once; the directory was read through its cache.
        assertThat(delta(before, after, "audit_fsync_seconds_count")).isPositive();
        assertThat(delta(before, after, "directory_cache_requests_total{result=\"hit\",}")
            + delta(before, after, "directory_cache_requests_total{result=\"miss\",}")).isPositive();
        assertThat(after).containsKeys("caducee_queue_messages{queue=\"spool\",state=\"ready\",}",
            "caducee_queue_messages{queue=\"outgoing\",state=\"deferred\",}", "caducee_queue_query_failed",
            "jvm_memory_heap_used", "caducee_scrape_collector_seconds{collector=\"james\",}");
        assertThat(after.keySet()).anyMatch(name -> name.startsWith("james_"));
        // Never an address or a client's IP as a label.
        assertThat(answer.body()).doesNotContain(DOCTOR).doesNotContain("127.0.0.1").doesNotContain("_created");
    }

    @Test
    @Order(2)
    void openMetricsIsAnsweredWhenAsked() throws Exception {
        Answer answer = curl("-H", "@" + headerFile(), "-H", "Accept: application/openmetrics-text; version=1.0.0",
            metricsUrl());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/openmetrics-text; version=1.0.0");
        assertThat(answer.body()).contains("# TYPE caducee_decisions counter").endsWith("# EOF\n");
    }

    @Test
    @Order(3)
    void noTokenABadTokenAndAMetricsTokenElsewhereAreRefusedAndCounted() throws Exception {
        Map<String, Double> before = samples(scrape().body());
        String otherKey = AdminToken.mintMetrics(KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate(),
            "intruder", Instant.now(), Duration.ofDays(30));

        Answer none = curl(metricsUrl());
        Answer forged = curl("-H", "Authorization: Bearer " + otherKey, metricsUrl());
        Answer audit = curl("-H", "@" + headerFile(), webAdmin("/audit"));
        Answer post = curl("-X", "POST", "-H", "@" + headerFile(), metricsUrl());
        Answer operator = curl("-H", "Authorization: Bearer "
            + TestClients.WebAdmin.token(caducee.server(), Duration.ofMinutes(5)), metricsUrl());

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body()).contains("No token");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.body()).contains("Invalid token");
        assertThat(audit.status()).isEqualTo(403);
        assertThat(audit.body()).contains("This token only reads GET /metrics");
        assertThat(post.status()).isEqualTo(403);
        assertThat(operator.status()).isEqualTo(200);
        assertThat(operator.body()).contains("caducee_decisions_total");
        Map<String, Double> after = samples(scrape().body());
        assertThat(delta(before, after, "decisions_total{decision=\"refused\",rule=\"webadmin-unauthenticated\","
            + "stage=\"webadmin\",via=\"webadmin\",temporary=\"false\",}")).isEqualTo(2.0);
        assertThat(delta(before, after, "decisions_total{decision=\"refused\",rule=\"webadmin-token-scope\","
            + "stage=\"webadmin\",via=\"webadmin\",temporary=\"false\",}")).isEqualTo(2.0);
    }

    @Test
    @Order(4)
    void aHugeOrUnknownQueryIsIgnored() throws Exception {
        StringBuilder names = new StringBuilder("?verbose=true&format=json&limit=-1");
        for (int i = 0; names.length() < 7_000; i++) {
            names.append("&name[]=caducee_decisions_total_").append(i);
        }
        Set<String> families = families(scrape().body());

        List<Long> plain = new ArrayList<>();
        List<Long> queried = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            scrape();
            plain.add(System.nanoTime() - start);
            start = System.nanoTime();
            Answer answer = curl("-H", "@" + headerFile(), metricsUrl() + names);
            queried.add(System.nanoTime() - start);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(families(answer.body())).isEqualTo(families);
        }
        assertThat(median(queried)).isLessThan(3 * median(plain) + TimeUnit.MILLISECONDS.toNanos(200));

        // A megabyte of query: Jetty's request line limit (8 KB) answers 414 before any route runs, at once; the
        // server goes on answering.
        // (Java's client: a 1 MB URL is beyond what one command-line argument may hold for curl.)
        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        HttpResponse<String> huge = http.send(HttpRequest.newBuilder(
                URI.create(metricsUrl() + "?name[]=" + "x".repeat(1 << 20)))
            .header("Authorization", "Bearer " + Files.readString(tokenFile).trim())
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        long hugeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(huge.statusCode()).isIn(200, 414);
        assertThat(hugeMillis).isLessThan(5_000);
        Answer next = scrape();
        assertThat(next.status()).isEqualTo(200);
        assertThat(families(next.body())).isEqualTo(families);
        System.out.printf("MetricsIT huge query: status %d in %d ms%n", huge.statusCode(), hugeMillis);
    }

    /** docs/grafana/caducee.json parses, and every metric its queries name is one this server gives. */
    @Test
    @Order(5)
    void theSampleDashboardNamesOnlyMetricsTheServerGives() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(
            CaduceeProcess.repositoryRoot().resolve("docs/grafana/caducee.json").toFile());
        Set<String> given = new TreeSet<>();
        for (String line : scrape().body().split("\n")) {
            Matcher name = METRIC_NAME.matcher(line.startsWith("# TYPE ") ? line.substring(7) : line);
            if (name.lookingAt()) {
                given.add(name.group(1));
            }
        }
        List<String> expressions = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> expressions.add(expr.asText()));
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(6);
        for (String expr : expressions) {
            Matcher name = METRIC_NAME.matcher(expr);
            assertThat(name.find()).as(expr).isTrue();
            do {
                assertThat(given).as(expr).contains(name.group(1));
            } while (name.find());
        }
    }

    /**
     * docs/BENCHMARKS.md, "Metrics": the scrape's time (median of 20) and size, idle and while mail is sent, beside
     * the same WebAdmin's smallest authenticated answer ({@code GET /domains}, an operator token): the floor of any
     * request there.
     */
    @Test
    @Order(6)
    void scrapeTimeIdleAndUnderLoad() throws Exception {
        Path operator = folder.resolve("operator.header");
        Files.writeString(operator, "Authorization: Bearer "
            + TestClients.WebAdmin.token(caducee.server(), Duration.ofMinutes(30)) + "\n");
        List<Long> idle = timed(20, "@" + headerFile(), metricsUrl());
        List<Long> idleFloor = timed(20, "@" + operator, webAdmin("/domains"));
        // Past the queue depths' cache, so that this answer times a scrape that reads the database.
        Thread.sleep(QUEUE_CACHE_MILLIS);
        Answer answer = scrape();
        Map<String, Double> parts = samples(answer.body());

        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<?>> sent = new ArrayList<>();
        MailClient client = new MailClient(caducee.server());
        for (int i = 0; i < 200; i++) {
            String subject = "Charge " + i;
            sent.add(senders.submit(() -> {
                client.send(DOCTOR, PASSWORD, COLLEAGUE, subject, "x".repeat(4096));
                return null;
            }));
        }
        List<Long> loaded = timed(20, "@" + headerFile(), metricsUrl());
        List<Long> loadedFloor = timed(20, "@" + operator, webAdmin("/domains"));
        for (Future<?> one : sent) {
            one.get(5, TimeUnit.MINUTES);
        }
        senders.shutdown();
        System.out.printf("MetricsIT scrape: idle median %.1f ms (GET /domains %.1f ms), under load (4 senders) median"
                + " %.1f ms (GET /domains %.1f ms), %d bytes, %d lines, %d samples; parts of an idle scrape: %s%n",
            median(idle) / 1e6, median(idleFloor) / 1e6, median(loaded) / 1e6, median(loadedFloor) / 1e6,
            answer.body().getBytes(StandardCharsets.UTF_8).length, answer.body().split("\n").length, parts.size(),
            collectorTimes(parts));
        assertThat(median(idle)).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
    }

    private static String collectorTimes(Map<String, Double> samples) {
        StringBuilder text = new StringBuilder();
        samples.forEach((name, value) -> {
            if (name.startsWith("caducee_scrape_collector_seconds")) {
                text.append(name.replaceAll(".*collector=\"([a-z]+)\".*", "$1")).append('=')
                    .append(String.format("%.2f ms ", value * 1000));
            }
        });
        return text.toString().trim();
    }

    /** Each request's time as curl measures it ({@code time_total}), the process's start left out. */
    private static List<Long> timed(int count, String header, String url) throws Exception {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Answer answer = curl("-H", header, "-w", "\n%{time_total}", url);
            assertThat(answer.status()).isEqualTo(200);
            String body = answer.body();
            times.add((long) (Double.parseDouble(body.substring(body.lastIndexOf('\n') + 1).trim()) * 1e9));
        }
        return times;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static Answer scrape() throws Exception {
        return curl("-H", "@" + headerFile(), metricsUrl());
    }

    /** The header curl sends from a file, as Prometheus sends its credentials file: the token never on a command line. */
    private static Path headerFile() throws IOException {
        Path header = folder.resolve("authorization.header");
        if (!Files.exists(header)) {
            Files.writeString(header, "Authorization: Bearer " + Files.readString(tokenFile).trim() + "\n");
        }
        return header;
    }

    private static String metricsUrl() {
        return webAdmin("/metrics");
    }

    private static String webAdmin(String path) {
        return "http://127.0.0.1:" + caducee.server().ports().webAdmin() + path;
    }

    /** Each sample line as name{labels} → value, the {@code caducee_} prefix left on. */
    private static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.matches()) {
                try {
                    samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
                } catch (NumberFormatException e) {
                    // a value such as NaN written otherwise: not one of ours
                }
            }
        }
        return samples;
    }

    private static Set<String> families(String text) {
        Set<String> families = new TreeSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                families.add(line.split(" ")[2]);
            }
        }
        return families;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String caduceeSample) {
        String name = "caducee_" + caduceeSample;
        return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
    }

    record Answer(int status, String contentType, String body) {
    }

    /** curl as Prometheus's scraper would be: the status, the content type and the body. */
    private static Answer curl(String... arguments) throws Exception {
        Path headers = Files.createTempFile(folder, "headers", ".txt");
        Path body = Files.createTempFile(folder, "body", ".txt");
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30", "-D", headers.toString(),
            "-o", body.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String written = Files.readString(body, StandardCharsets.UTF_8) + output;
        int status = 0;
        String contentType = "";
        for (String line : Files.readAllLines(headers, StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("HTTP/")) {
                status = Integer.parseInt(line.split(" ")[1]);
            } else if (line.toLowerCase().startsWith("content-type:")) {
                contentType = line.substring("content-type:".length()).trim();
            }
        }
        Files.delete(headers);
        Files.delete(body);
        return new Answer(status, contentType, written);
    }
}
