package fr.caducee.identity.psc;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The provider's token introspection (RFC 7662): the token POSTed as a form with this server's client credentials
 * (HTTP Basic, each part form-encoded as RFC 6749 2.3.1 asks); the answer's {@code active} says whether the provider
 * still takes it (a logged-out session or a revoked token is not active). Anything but a 200 with a JSON object
 * holding a boolean {@code active} is no answer.
 */
final class Introspection {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ANSWER = 64 * 1024;

    private final URI endpoint;
    private final String authorization;
    private final HttpClient http;
    private final Duration timeout;

    Introspection(URI endpoint, PscSettings.ClientCredentials credentials, javax.net.ssl.SSLContext trust,
                  Duration timeout) {
        this.endpoint = endpoint;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((form(credentials.clientId()) + ":"
            + form(credentials.secret())).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trust)
            .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
    }

    /**
     * @return whether the provider says the token is active
     * @throws IOException when the provider gave no usable answer (unreachable, an error status, not RFC 7662)
     */
    boolean active(String token) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
            .header("Authorization", authorization)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("token=" + form(token) + "&token_type_hint=access_token"))
            .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + endpoint, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(endpoint + " answered HTTP " + response.statusCode());
        }
        if (response.body().length > MAX_ANSWER) {
            throw new IOException(endpoint + " answered " + response.body().length + " bytes: not an introspection");
        }
        JsonNode answer = JSON.readTree(response.body());
        if (answer == null || !answer.isObject() || !answer.path("active").isBoolean()) {
            throw new IOException(endpoint + " answered without a boolean \"active\" (RFC 7662)");
        }
        return answer.get("active").booleanValue();
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
