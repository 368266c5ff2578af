package fr.caducee.identity.annuaire;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Sends {@link BoxPatch}es to the API MSSanté over HTTPS and reads its answers ({@link PatchAnswer}). The operator
 * is known to the API by its certificate, presented as client certificate by {@code tls}, which also says whom the
 * API's own certificate must chain to; the host name is checked (HTTPS's rules). TLS 1.3 and 1.2 only. When
 * configured, the API key ANS gives the operator goes in the header {@code ESANTE-API-KEY}, the security scheme of
 * the guide's OpenAPI. Each request waits {@code timeout} at most for its answer; none is followed elsewhere
 * (redirects are not).
 */
public final class AnnuaireClient {
    public static final String API_KEY_HEADER = "ESANTE-API-KEY";
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final Optional<String> apiKey;

    /**
     * @param base the FHIR base of the API, {@code https://...}; the carrier's path is appended to it
     */
    public AnnuaireClient(URI base, SSLContext tls, Duration timeout, Optional<String> apiKey) {
        this.base = withoutTrailingSlash(Objects.requireNonNull(base, "base"));
        if (!"https".equalsIgnoreCase(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("the API MSSanté is reached over HTTPS: " + base + " is not an https:// URL");
        }
        SSLParameters parameters = tls.getDefaultSSLParameters();
        parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
        this.http = HttpClient.newBuilder()
            .sslContext(tls)
            .sslParameters(parameters)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
        this.timeout = timeout;
        this.apiKey = apiKey.filter(key -> !key.isBlank());
    }

    /** The request as it is sent: method, URI, headers, body. */
    public HttpRequest request(BoxPatch patch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/" + patch.pathAndQuery()))
            .method(BoxPatch.METHOD, HttpRequest.BodyPublishers.ofString(patch.body(), StandardCharsets.UTF_8))
            .header("Content-Type", BoxPatch.CONTENT_TYPE)
            .header("Accept", BoxPatch.CONTENT_TYPE)
            .timeout(timeout);
        apiKey.ifPresent(key -> request.header(API_KEY_HEADER, key));
        return request.build();
    }

    /** Sends one request and tells what its answer means; never throws for the API's or the network's failures. */
    public PatchAnswer send(BoxPatch patch) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(request(patch),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return PatchAnswer.of(response.statusCode(), response.body());
        } catch (HttpTimeoutException e) {
            return PatchAnswer.unanswered("no answer within " + timeout.toSeconds() + " s (" + e.getMessage() + ")");
        } catch (IOException e) {
            return PatchAnswer.unanswered(base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "")
                + " could not be reached: " + e);
        }
    }

    public URI base() {
        return base;
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }
}
