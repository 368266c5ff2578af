package fr.caducee.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import fr.caducee.testkit.Totp;

/**
 * One patient's browser, without a browser: the webmail's pages over HTTPS (HTTP/1.1, the connection kept alive, one
 * request at a time), its session cookie kept, its forms posted as a browser posts them (the form's {@code csrf}
 * token, {@code Origin} and {@code Sec-Fetch-Site}, a reply as multipart with the empty file field a browser sends
 * when no file is chosen). Redirects are not followed: each answer is timed on its own.
 *
 * <p>The webmail binds a session to the browser's User-Agent and address: every client says the same
 * {@link #USER_AGENT}, so that a session opened by one program (its cookie kept in a file) is used by the next.
 */
final class WebmailClient {
    static final String COOKIE = "__Host-webmail";
    static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) caducee-bench";
    static final String ENROLMENT = "/connexion/enrolement";
    static final String CODE = "/connexion/code";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern RULE = Pattern.compile("Code : <(?:code|span)>([a-z0-9-]+)<");

    private final HttpClient http;
    private final URI base;
    private final String origin;
    private volatile String cookie;
    private volatile String csrf;

    WebmailClient(HttpClient http, URI base) {
        this.http = http;
        this.base = base;
        this.origin = base.getScheme() + "://" + base.getAuthority();
    }

    /** A client with one connection kept alive, trusting {@code tls}; {@code executor} may be null (the default). */
    static HttpClient http(SSLContext tls, Executor executor) {
        HttpClient.Builder builder = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10));
        if (executor != null) {
            builder.executor(executor);
        }
        return builder.build();
    }

    /** An answer, with how long it took from the request sent to its body read. */
    record Answer(int status, byte[] bytes, Optional<String> location, long nanos) {
        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** The rule id a refusal shows ("Code : webmail-session-expired"), or "" when the page shows none. */
        String rule() {
            Matcher rule = RULE.matcher(body());
            return rule.find() ? rule.group(1) : "";
        }

        /** The status and, for a refusal, its rule: "403 patient-first-contact". */
        String outcome() {
            String rule = rule();
            return rule.isEmpty() ? String.valueOf(status) : status + " " + rule;
        }
    }

    /** The patient's authenticator app, and the last step whose code it gave (a code is accepted once). */
    static final class Factor {
        final Totp totp;
        long lastStep;

        Factor(Totp totp, long lastStep) {
            this.totp = totp;
            this.lastStep = lastStep;
        }

        /**
         * A code the webmail accepts now: of a step later than the last one spent, within the step before and after
         * the current one; waits for the step to come when the codes of the next one are spent too.
         */
        synchronized String nextCode() throws InterruptedException {
            while (true) {
                long now = Totp.step(Instant.now());
                long step = Math.max(now, lastStep + 1);
                if (step <= now + 1) {
                    lastStep = step;
                    return totp.code(step);
                }
                long waitMillis = (step - 1) * Totp.STEP.toSeconds() * 1000L - System.currentTimeMillis() + 100;
                Thread.sleep(Math.max(waitMillis, 10));
            }
        }
    }

    /** What a login took: the password's answer, the second factor's (an enrolment at the first login). */
    record Login(long passwordNanos, long factorNanos, boolean enrolled, Factor factor) {
    }

    /**
     * Logs in as a patient does: the password, then the second factor, enrolling an app (the secret read from the
     * page, as a person types it) when {@code factor} is null. Ends on an open session's page, its token kept.
     *
     * @throws IOException when a step is not answered as a successful login is (the answer is in the message)
     */
    Login logIn(String address, String password, Factor factor) throws IOException, InterruptedException {
        cookie = null;
        Answer form = expect(get("/connexion"), 200, "GET /connexion");
        csrf = token(form);
        Answer checked = expect(postForm("/connexion", Map.of("adresse", address, "motdepasse", password)), 303,
            "the password of " + address);
        String next = checked.location().orElse("");
        Answer second = expect(get(next), 200, "GET " + next + " for " + address);
        csrf = token(second);
        Answer proved;
        boolean enrolled = next.equals(ENROLMENT);
        if (enrolled) {
            Element secret = Jsoup.parse(second.body()).selectFirst("code.secret");
            if (secret == null) {
                throw new IOException("the enrolment page of " + address + " shows no secret");
            }
            factor = new Factor(Totp.fromBase32(secret.text()), 0);
            proved = postForm(ENROLMENT, Map.of("code", factor.nextCode()));
        } else if (next.equals(CODE) && factor != null) {
            proved = postForm(CODE, Map.of("code", factor.nextCode()));
        } else {
            throw new IOException("after the password of " + address + ": " + next + " (no authenticator app known)");
        }
        expect(proved, 303, "the second factor of " + address);
        // The recovery codes once after an enrolment, else the home page, which sends to the conversations.
        String landing = proved.location().orElse("/");
        Answer page = get(landing);
        if (page.status() == 303) {
            page = get(page.location().orElse("/conversations"));
        }
        csrf = token(expect(page, 200, "the first page after the login of " + address));
        return new Login(checked.nanos(), proved.nanos(), enrolled, factor);
    }

    /** Ends the session as the layout's button does. */
    Answer logOut() throws IOException, InterruptedException {
        return postForm("/deconnexion", Map.of());
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    /** A form as {@code application/x-www-form-urlencoded}, with the session's token. */
    Answer postForm(String path, Map<String, String> fields) throws IOException, InterruptedException {
        String body = "csrf=" + encode(csrf) + fields.entrySet().stream()
            .map(field -> "&" + encode(field.getKey()) + "=" + encode(field.getValue())).collect(Collectors.joining());
        return send(posted(request(path)).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * A form as {@code multipart/form-data} (a reply), with the session's token first and, last, the file field
     * {@code pieces} empty, as a browser sends it when no file was chosen.
     */
    Answer postMultipart(String path, List<Map.Entry<String, String>> fields) throws IOException, InterruptedException {
        String boundary = "----CaduceeBench" + UUID.randomUUID().toString().replace("-", "");
        StringBuilder body = new StringBuilder();
        part(body, boundary, "csrf", csrf);
        fields.forEach(field -> part(body, boundary, field.getKey(), field.getValue()));
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"pieces\"; filename=\"\"")
            .append("\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--").append(boundary).append("--\r\n");
        return send(posted(request(path)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toString().getBytes(StandardCharsets.UTF_8))));
    }

    /** The session's cookie and form token, to keep in a file for another program. */
    String cookie() {
        return cookie;
    }

    String csrf() {
        return csrf;
    }

    /** Takes up a session another program opened. */
    void resume(String sessionCookie, String sessionCsrf) {
        this.cookie = sessionCookie;
        this.csrf = sessionCsrf;
    }

    /** The token of the page's first form. */
    static String token(Answer page) throws IOException {
        Element field = Jsoup.parse(page.body()).selectFirst("input[name=csrf]");
        if (field == null) {
            throw new IOException("a page without a form token: " + shown(page.body()));
        }
        return field.attr("value");
    }

    static Document parse(Answer page) {
        return Jsoup.parse(page.body());
    }

    static Answer expect(Answer answer, int status, String what) throws IOException {
        if (answer.status() != status) {
            throw new IOException(what + ": " + answer.outcome() + " instead of " + status + ": " + shown(answer.body()));
        }
        return answer;
    }

    static String shown(String body) {
        String text = Jsoup.parse(body).select("main, body").text();
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
            .header("User-Agent", USER_AGENT);
        String current = cookie;
        if (current != null) {
            builder.header("Cookie", COOKIE + "=" + current);
        }
        return builder;
    }

    private HttpRequest.Builder posted(HttpRequest.Builder builder) {
        return builder.header("Origin", origin).header("Sec-Fetch-Site", "same-origin");
    }

    private Answer send(HttpRequest.Builder builder) throws IOException, InterruptedException {
        HttpRequest request = builder.build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long nanos = System.nanoTime() - start;
        for (String set : response.headers().allValues("set-cookie")) {
            if (set.startsWith(COOKIE + "=")) {
                String value = set.substring(COOKIE.length() + 1).split(";", 2)[0];
                cookie = value.isEmpty() || set.contains("Max-Age=0") ? null : value;
            }
        }
        return new Answer(response.statusCode(), response.body(), response.headers().firstValue("location"), nanos);
    }

    private static void part(StringBuilder body, String boundary, String name, String value) {
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(name)
            .append("\"\r\n\r\n").append(value).append("\r\n");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
