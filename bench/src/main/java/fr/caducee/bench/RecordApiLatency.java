package fr.caducee.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import fr.caducee.testkit.ClientTls;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;
import fr.caducee.trust.pki.Pem;

/**
 * Latency of the shared record's read API over HTTPS, as practice software calls it: a professional's box credentials
 * (HTTP Basic, over TLS), one client keeping its connection alive, one request at a time.
 * <ul>
 *   <li>{@code floor}: a GET of {@code --floor-path} on the same listener (default {@code /fhir/metadata}): TLS, HTTP
 *       and authentication without the record, the least any request costs; whatever it answers once the caller is
 *       authenticated counts (a 404 of a path not served too), the same status every time; skipped on a 401 or
 *       a 5xx;</li>
 *   <li>{@code search}: IHE MHD ITI-67, {@code GET /fhir/DocumentReference?patient.identifier=urn:oid:<OID>|<INS>} for
 *       a patient drawn at random from {@code --patients}, the whole Bundle read;</li>
 *   <li>{@code retrieve}: ITI-68, a GET of a document's {@code content.attachment.url} taken from the searches, the
 *       whole document read.</li>
 * </ul>
 * With {@code --certificate-from PKI_DIR}, the caller presents a client certificate naming its box (issued by that
 * development PKI's root) instead of a password: the same operations without a password hash checked per request.
 * Each is run {@code --warmup} times untimed, then {@code --runs} times: one key=value line per operation (p50, p99,
 * max, results per search, bytes per document). Exits 1 if a search or retrieve failed.
 *
 * <pre>
 *   java -cp "bench/target/caducee-bench.jar:bench/target/lib/*" fr.caducee.bench.RecordApiLatency \
 *       --base https://localhost:10443 --ca pki/dev-root-ca.pem --credentials reader.txt --patients patients.txt
 * </pre>
 * {@code --credentials}: a file holding "address password", readable by its owner alone.
 */
public final class RecordApiLatency {
    static final String USAGE = "usage: RecordApiLatency --base https://HOST:PORT --ca CA.pem --credentials FILE"
        + " --patients FILE [--ins-oid 1.2.250.1.213.1.4.10] [--runs 200] [--warmup 20] [--floor-path /fhir/metadata]"
        + " [--seed 1] [--certificate-from PKI_DIR]";
    private static final Pattern URL = Pattern.compile("\"url\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ENTRY = Pattern.compile("\"resourceType\"\\s*:\\s*\"DocumentReference\"");

    private final HttpClient client;
    private final String base;
    private final String authorization;

    private RecordApiLatency(SSLContext tls, String base, String authorization) {
        this.client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
        this.base = base.replaceAll("/+$", "");
        this.authorization = authorization;
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parseOrExit(USAGE, args, new String[] {"base", "ca", "credentials", "patients",
            "ins-oid", "runs", "warmup", "floor-path", "seed", "certificate-from"}, "base", "ca", "credentials", "patients");
        String[] credentials = Files.readString(line.path("credentials"), StandardCharsets.UTF_8).strip().split("\\s+", 2);
        if (credentials.length != 2) {
            throw new IllegalArgumentException(line.path("credentials") + ": expected \"address password\"");
        }
        RecordApiLatency api;
        String pki = line.text("certificate-from", "");
        if (pki.isEmpty()) {
            String authorization = "Basic " + Base64.getEncoder().encodeToString(
                (credentials[0] + ":" + credentials[1]).getBytes(StandardCharsets.UTF_8));
            api = new RecordApiLatency(ClientTls.trusting(line.path("ca")), line.text("base", null), authorization);
        } else {
            api = new RecordApiLatency(presenting(Path.of(pki), credentials[0], line.path("ca")), line.text("base", null),
                null);
        }
        List<String> patients = Files.readAllLines(line.path("patients"), StandardCharsets.UTF_8).stream()
            .map(String::strip).filter(s -> !s.isEmpty()).toList();
        System.exit(api.run(patients, line.text("ins-oid", RecordSeed.INS_AUTHORITY), line.positive("runs", 200),
            line.nonNegative("warmup", 20), line.text("floor-path", "/fhir/metadata"), line.positive("seed", 1)) ? 0 : 1);
    }

    private record Answer(int status, byte[] body, long nanos) {
    }

    private boolean run(List<String> patients, String oid, int runs, int warmup, String floorPath, int seed)
            throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        // The floor is whatever the listener answers at that path once the caller is authenticated (a 404 of a path it
        // does not serve is as good as a 200): the same status every time, else the run is a failure of the floor.
        Answer probe = get(base + floorPath);
        if (probe.status() < 500 && probe.status() != 401) {
            LatencyRecorder floor = new LatencyRecorder(runs);
            int failed = 0;
            for (int i = 0; i < warmup + runs; i++) {
                Answer answer = get(base + floorPath);
                failed += answer.status() == probe.status() ? 0 : 1;
                if (i >= warmup && answer.status() == probe.status()) {
                    floor.record(answer.nanos());
                }
            }
            report("floor", floor, runs, failed, "path=" + floorPath + " status=" + probe.status());
        } else {
            System.out.println("operation=floor skipped=" + floorPath + "_answered_" + probe.status());
        }

        LatencyRecorder search = new LatencyRecorder(runs);
        List<String> documents = new ArrayList<>();
        int searchFailed = 0;
        long entries = 0;
        String firstFailure = null;
        for (int i = 0; i < warmup + runs; i++) {
            String ins = patients.get(random.nextInt(patients.size()));
            String query = URLEncoder.encode("urn:oid:" + oid + "|" + ins, StandardCharsets.UTF_8);
            Answer answer = get(base + "/fhir/DocumentReference?patient.identifier=" + query);
            String body = new String(answer.body(), StandardCharsets.UTF_8);
            if (answer.status() != 200) {
                searchFailed++;
                firstFailure = firstFailure == null ? "search " + answer.status() + ": " + shown(body) : firstFailure;
                continue;
            }
            Matcher url = URL.matcher(body);
            while (url.find() && documents.size() < 10_000) {
                // Extensions have a "url" too, a canonical name (urn:..., http://hl7.org/...): only this server's links.
                String link = url.group(1);
                if (link.startsWith(base + "/") || link.startsWith("/") || !link.contains(":")) {
                    documents.add(link);
                }
            }
            if (i >= warmup) {
                search.record(answer.nanos());
                entries += ENTRY.matcher(body).results().count();
            }
        }
        report("search", search, runs, searchFailed, String.format(Locale.ROOT, "results=%.1f",
            search.count() == 0 ? 0.0 : (double) entries / search.count()));

        LatencyRecorder retrieve = new LatencyRecorder(runs);
        int retrieveFailed = 0;
        long bytes = 0;
        for (int i = 0; i < warmup + runs && !documents.isEmpty(); i++) {
            Answer answer = get(resolve(documents.get(random.nextInt(documents.size()))));
            if (answer.status() != 200) {
                retrieveFailed++;
                firstFailure = firstFailure == null ? "retrieve " + answer.status() + ": "
                    + shown(new String(answer.body(), StandardCharsets.UTF_8)) : firstFailure;
                continue;
            }
            if (i >= warmup) {
                retrieve.record(answer.nanos());
                bytes += answer.body().length;
            }
        }
        if (documents.isEmpty()) {
            retrieveFailed = runs;
            firstFailure = firstFailure == null ? "no attachment url in any search answer" : firstFailure;
        }
        report("retrieve", retrieve, runs, retrieveFailed, String.format(Locale.ROOT, "bytes=%.0f",
            retrieve.count() == 0 ? 0.0 : (double) bytes / retrieve.count()));
        if (firstFailure != null) {
            System.err.println("first failure: " + firstFailure);
        }
        return searchFailed == 0 && retrieveFailed == 0;
    }

    /**
     * A TLS context presenting a client certificate for {@code box} (its address as common name), issued on the spot
     * by the development root CA of {@code pki} (a server's data folder {@code pki/}): software authenticated by its
     * certificate, no password checked.
     */
    private static SSLContext presenting(Path pki, String box, Path ca) throws Exception {
        CertificateAuthority root = CertificateAuthority.load(pki.resolve(DevPki.ROOT_CERTIFICATE_FILE),
            pki.resolve(DevPki.ROOT_KEY_FILE));
        IssuedCertificate certificate = root.issue(LeafRequest.builder(box).serverAuth(false).clientAuth(true).build());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", certificate.privateKey(), new char[0],
            certificate.chain().toArray(new X509Certificate[0]));
        return ClientTls.presenting(keys, new char[0], Pem.readCertificate(ca));
    }

    private Answer get(String url) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
            .header("Accept", "application/fhir+json").GET();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.body(), System.nanoTime() - start);
    }

    /** An attachment URL as the server wrote it: absolute, from the root, or relative to the FHIR base. */
    private String resolve(String url) {
        if (url.startsWith("https://") || url.startsWith("http://")) {
            return url;
        }
        return url.startsWith("/") ? base + url : base + "/fhir/" + url;
    }

    private static void report(String operation, LatencyRecorder latencies, int runs, int failed, String extra) {
        LatencyRecorder.Summary summary = latencies.summary();
        System.out.printf(Locale.ROOT, "operation=%s runs=%d timed=%d failed=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f %s%n",
            operation, runs, latencies.count(), failed, summary.p50Millis(), summary.p99Millis(), summary.maxMillis(), extra);
    }

    private static String shown(String body) {
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
