package fr.caducee.trust.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;

/**
 * Something the trust space publishes and this server fetches again and again (the national whitelist and its
 * checksum, the certification authorities' revocation lists): a file or an {@code http(s)://} URL, read whole up to
 * a size limit within a deadline that covers the body too, and the fingerprint of the last copy its user accepted,
 * so that unchanged bytes can be told apart without parsing them again. What makes a copy good, and what to keep
 * when a refresh fails, is the user's: it keeps its last good copy and reports the outcome in its own terms.
 * {@link RefreshSchedule} runs the refreshes.
 */
public final class RefreshedSource {

    /**
     * How a source is read.
     *
     * @param what            names the source in errors ("whitelist", "CRL source")
     * @param allowPlainHttp  accept {@code http://} URLs (signed content, or tests)
     * @param followRedirects follow redirects; when false the configured URL is the only one
     * @param sslContext      for {@code https://} URLs; null for the JVM's default
     * @param timeout         connection timeout, and deadline for the whole response
     * @param maxBytes        larger content is refused
     */
    public record Options(String what, boolean allowPlainHttp, boolean followRedirects, SSLContext sslContext,
                          Duration timeout, int maxBytes) {
        public Options {
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            if (maxBytes < 1) {
                throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
            }
        }

        public Options withMaxBytes(int newMaxBytes) {
            return new Options(what, allowPlainHttp, followRedirects, sslContext, timeout, newMaxBytes);
        }

        public Options named(String newWhat) {
            return new Options(newWhat, allowPlainHttp, followRedirects, sslContext, timeout, maxBytes);
        }
    }

    private final String text;
    private final Path file;
    private final URI uri;
    private final Options options;
    private final HttpClient http;
    private volatile byte[] lastGood;

    private RefreshedSource(String text, Path file, URI uri, Options options, HttpClient http) {
        this.text = text;
        this.file = file;
        this.uri = uri;
        this.options = options;
        this.http = http;
    }

    /**
     * @param text a file path or an {@code https://} URL ({@code http://} when the options allow it)
     * @throws IllegalArgumentException for a plain-HTTP URL not allowed, or another scheme
     */
    public static RefreshedSource of(String text, Options options) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            if (lower.startsWith("http://") && !options.allowPlainHttp()) {
                throw new IllegalArgumentException(options.what() + " URL must use https: " + text);
            }
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .connectTimeout(options.timeout())
                    .followRedirects(options.followRedirects() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
            if (options.sslContext() != null) {
                builder.sslContext(options.sslContext());
            }
            return new RefreshedSource(text, null, URI.create(text), options, builder.build());
        }
        if (lower.contains("://")) {
            throw new IllegalArgumentException("unsupported " + options.what() + " source, expected a file path or an "
                    + "https URL: " + text);
        }
        return new RefreshedSource(text, Path.of(text), null, options, null);
    }

    /** Whether {@code text} names a URL rather than a file. */
    public static boolean isUrl(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    public boolean isUrl() {
        return uri != null;
    }

    public boolean isHttps() {
        return uri != null && "https".equalsIgnoreCase(uri.getScheme());
    }

    /**
     * The whole content, now.
     *
     * @throws IOException when it cannot be read, is larger than the limit, or the server answers other than 200
     *                     ({@code HTTP status N}) or not within the timeout
     */
    public byte[] read() throws IOException, InterruptedException {
        return file != null ? readFile() : fetch();
    }

    /** Whether {@code content} is the copy last marked good: the same bytes need not be parsed and checked again. */
    public boolean isLastGood(byte[] content) {
        byte[] good = lastGood;
        return good != null && Arrays.equals(good, sha256(content));
    }

    /** Remembers {@code content} as the good copy in use. */
    public void markGood(byte[] content) {
        lastGood = sha256(content);
    }

    private byte[] readFile() throws IOException {
        int limit = options.maxBytes();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new IOException("document larger than " + limit + " bytes");
            }
            return bytes;
        }
    }

    private byte[] fetch() throws IOException, InterruptedException {
        Duration timeout = options.timeout();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .GET()
                .build();
        // The request timeout only covers the response headers; the deadline on the future bounds the body
        // too, so a server trickling bytes cannot hold the refresh forever.
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request, info -> info.statusCode() == 200
                ? new BoundedBody(options.maxBytes())
                : HttpResponse.BodySubscribers.replacing(null));
        HttpResponse<byte[]> response;
        try {
            response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new HttpTimeoutException("no complete response within " + timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause);
        }
        if (response.statusCode() != 200) {
            throw new IOException("HTTP status " + response.statusCode());
        }
        return response.body();
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK offers no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return text;
    }

    /** Collects a response body, giving up past a size limit instead of filling the heap. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final int limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        BoundedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (out.size() + buffer.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("document larger than " + limit + " bytes"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
