package fr.caducee.server.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;

import fr.caducee.trust.admin.AdminToken;
import fr.caducee.trust.admin.OperatorKey;

/**
 * A running server's WebAdmin, as the command line reaches it: each request carries a token minted for it alone and
 * signed with the operator key of the server's data folder ({@code <data>/pki/webadmin/operator-key.pem}), readable
 * only by the server's account; the token dies minutes after the command.
 */
public final class WebAdminClient {
    public static final String DEFAULT_URL = "http://127.0.0.1:10080";

    /** A WebAdmin answer: its status and body. */
    public record Answer(int status, String body) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    /** WebAdmin does not answer: the server is down or listens elsewhere. */
    public static final class Unreachable extends IOException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The operator key cannot be read: wrong data folder, or not the server's account. */
    public static final class OperatorKeyUnreadable extends RuntimeException {
        OperatorKeyUnreadable(String message) {
            super(message);
        }
    }

    private final String baseUrl;
    private final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public WebAdminClient(String baseUrl, Path dataDir) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.dataDir = dataDir.toAbsolutePath();
    }

    /** {@code --webadmin}/{@code --data} when given, else {@code CADUCEE_WEBADMIN}/{@code CADUCEE_DATA}, else the defaults. */
    public static WebAdminClient of(String webAdmin, Path data) {
        String url = webAdmin != null ? webAdmin : System.getenv().getOrDefault("CADUCEE_WEBADMIN", DEFAULT_URL);
        Path folder = data != null ? data : Path.of(System.getenv().getOrDefault("CADUCEE_DATA", "data"));
        return new WebAdminClient(url, folder);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Answer get(String path) throws IOException, InterruptedException {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), null);
    }

    public Answer send(String method, String path, String json) throws IOException, InterruptedException {
        return send(method, path, json == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json), json == null ? null : "application/json");
    }

    public Answer send(String method, String path, HttpRequest.BodyPublisher body, String contentType)
        throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofHours(1))
            .header("Authorization", "Bearer " + token(Duration.ofMinutes(5)));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = http.send(request.method(method, body).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body());
        } catch (ConnectException e) {
            throw new Unreachable("Cannot reach WebAdmin at " + baseUrl + ": is the server running? (--webadmin URL)", e);
        }
    }

    /** A GET asking for {@code accept}: a repository's mail as {@code message/rfc822}. */
    public Answer get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofMinutes(5))
            .header("Authorization", "Bearer " + token(Duration.ofMinutes(5)))
            .header("Accept", accept)
            .GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body());
        } catch (ConnectException e) {
            throw new Unreachable("Cannot reach WebAdmin at " + baseUrl + ": is the server running? (--webadmin URL)", e);
        }
    }

    /** A token for this operator, valid {@code lifetime}. */
    public String token(Duration lifetime) {
        return AdminToken.mint(operatorKey(), operator(), Instant.now(), lifetime);
    }

    /** A metrics token (GET /metrics only) for a Prometheus server, valid {@code lifetime}, at most 400 days. */
    public String metricsToken(Duration lifetime) {
        return AdminToken.mintMetrics(operatorKey(), operator(), Instant.now(), lifetime);
    }

    private PrivateKey operatorKey() {
        try {
            return OperatorKey.readPrivateKey(dataDir);
        } catch (IOException e) {
            throw new OperatorKeyUnreadable(e.getMessage());
        }
    }

    /** The token's subject, for WebAdmin's request log: the account at the shell. */
    private static String operator() {
        String user = System.getProperty("user.name", "operator").replaceAll("[^A-Za-z0-9._@-]", "_");
        return user.isEmpty() ? "operator" : user.substring(0, Math.min(64, user.length()));
    }
}
